package dev.roomwarden.history;

import java.util.Arrays;

import dev.roomwarden.display.Durations;
import livekit.LivekitModels.DisconnectReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisconnectReasonsTest {

    @Test
    void everyReasonTheSdkKnowsHasWordsAndAnUnknownNameIsShownAsLiveKitSentIt() {
        assertThat(Arrays.stream(DisconnectReason.values()).filter(r -> r != DisconnectReason.UNRECOGNIZED))
                .allSatisfy(reason -> {
                    assertThat(DisconnectReasons.hasWords(reason)).as(reason.name()).isTrue();
                    assertThat(DisconnectReasons.words(reason.name())).as(reason.name()).isNotEqualTo(reason.name());
                });
        assertThat(DisconnectReasons.words("PARTICIPANT_REMOVED")).isEqualTo("removed (by staff or the API)");
        assertThat(DisconnectReasons.words("CLIENT_INITIATED")).isEqualTo("left by themselves");
        assertThat(DisconnectReasons.words("ROOM_CLOSED")).isEqualTo("room closed when only agents were left");
        assertThat(DisconnectReasons.words("SOME_NEW_REASON")).isEqualTo("SOME_NEW_REASON");
    }

    @Test
    void offsetsFromTheRoomsStartAndDurationsNeverBelowZero() {
        var start = java.time.Instant.parse("2026-11-30T10:00:00.400Z");
        assertThat(Durations.offset(start, java.time.Instant.parse("2026-11-30T10:00:00Z"))).isEqualTo("+00:00");
        assertThat(Durations.offset(start, java.time.Instant.parse("2026-11-30T10:02:05Z"))).isEqualTo("+02:05");
        assertThat(Durations.offset(start, java.time.Instant.parse("2026-11-30T11:02:05.900Z"))).isEqualTo("+1:02:05");
        assertThat(Durations.offset(start, java.time.Instant.parse("2026-11-30T09:59:58Z"))).isEqualTo("−00:02");
        assertThat(Durations.words(Durations.between(start, java.time.Instant.parse("2026-11-30T10:00:00Z")))).isEqualTo("under 1 s");
        assertThat(Durations.words(java.time.Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
    }
}

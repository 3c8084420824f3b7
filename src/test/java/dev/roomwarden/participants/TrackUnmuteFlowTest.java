package dev.roomwarden.participants;

import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a LiveKit that allows remote unmute (`room.enable_remote_unmute`), unmuting works. */
@TestPropertySource(properties = {
        "roomwarden.emulator.remote-unmute=true",
        "spring.datasource.url=jdbc:h2:mem:flow-remote-unmute;DB_CLOSE_DELAY=-1"})
class TrackUnmuteFlowTest extends FlowTest {

    @Test
    void aModeratorUnmutesACameraWithoutTheHtmxDialogToo() {
        var student = emulator.state().addParticipant("class-3", new ParticipantSpec("student-4", "", ParticipantInfo.Kind.STANDARD,
                "", Map.of(), List.of(new TrackSpec(TrackType.VIDEO, TrackSource.CAMERA, true))));
        var camera = student.getTracks(0).getSid();
        var moderator = loggedIn("moderator");
        var unmute = "/rooms/class-3/participants/student-4/tracks/" + camera + "/unmute";

        var page = moderator.get(unmute);
        assertThat(page.body()).contains("Unmute", "the Camera", "student-4", "<form");
        var answer = moderator.postForm(unmute, Map.of("reason", "teacher asked"));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/rooms/class-3"));
        assertThat(moderator.get("/rooms/class-3").body()).contains("The Camera of “student-4” is unmuted.");
        assertThat(emulator.state().participant("class-3", "student-4").orElseThrow().getTracks(0).getMuted()).isFalse();
    }
}

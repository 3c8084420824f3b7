package dev.roomwarden.e2e;

import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRoom.UpdateParticipantRequest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** A phone caller on the room page as a viewer sees it in Chromium: masked, with its call status following LiveKit's. */
class SipParticipantIT extends BrowserTest {

    private static final By ROOM = By.id("room-live");

    @Test
    void aViewerSeesTheCallerRingThenAnswerWithTheNumberMasked() {
        emulator.state().addParticipant("support-call-1", new ParticipantSpec("customer-1", "Customer", ParticipantInfo.Kind.STANDARD,
                "", Map.of(), List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
        emulator.state().addParticipant("support-call-1", new ParticipantSpec("sip_+15551234567", "Phone +15551234567",
                ParticipantInfo.Kind.SIP, "", Map.of("sip.phoneNumber", "+15551234567", "sip.callStatus", "ringing",
                        "sip.trunkID", "ST_support", "sip.trunkPhoneNumber", "+15550000000", "sip.callID", "SCL_x1"),
                List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
        logIn("viewer");
        open("/rooms/support-call-1");
        awaitText(ROOM, "ringing");
        assertThat(text(ROOM)).contains("PHONE", "+1 555 ••• ••67", "ST_support", "Phone numbers are masked")
                .doesNotContain("5551234567");

        emulator.state().updateParticipant(UpdateParticipantRequest.newBuilder().setRoom("support-call-1")
                .setIdentity("sip_+15551234567").putAttributes("sip.callStatus", "active").build());
        awaitText(ROOM, "in the call");
        screenshot("sip-participant-viewer");
        assertThat(text(ROOM)).doesNotContain("5551234567");
    }

}

package dev.roomwarden.telephony;

import dev.roomwarden.input.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What staff may type as the target of a transfer, and what LiveKit is sent for it; SIP statuses in words. */
class TransferTargetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+15551234567|tel:+15551234567",
            "+1 555 123 4567|tel:+15551234567",
            "+1 (555) 123-4567|tel:+15551234567",
            "  tel:+44 20 7946 0958 |tel:+442079460958",
            "TEL:+4930123456|tel:+4930123456",
            "sip:agent@pbx.example.com|sip:agent@pbx.example.com",
            "Sip:Agent.Smith@PBX.Example.com:5061|sip:Agent.Smith@pbx.example.com:5061",
            "sip:+15551234567@sip.example.net|sip:+15551234567@sip.example.net",
            "sip:desk@192.0.2.10|sip:desk@192.0.2.10"})
    void acceptedAsLiveKitTakesThem(String typed, String sent) {
        assertThat(TransferTarget.parse(typed).uri()).isEqualTo(sent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "http://example.com", "sips:agent@pbx.example.com", "5551234567", "tel:5551234567",
            "+1 555", "+1234567890123456", "+1555abc4567", "tel:+1555#4567", "sip:agent @pbx.example.com", "sip:agent@pbx",
            "sip:@pbx.example.com", "sip:a@b@pbx.example.com", "sip:agent@pbx.example.com;transport=tcp", "sip:agent@-pbx.example.com",
            "sip:agent@pbx.example.com:0", "sip:agent@pbx.example.com:99999", "sip:agent@256.1.1.1.1", "sip:agent@pbx..example.com",
            "sip:ag<ent@pbx.example.com", "agent@pbx.example.com", "tel:+1555\n1234567", "sip:agent\t@pbx.example.com", "javascript:alert(1)", "desk"})
    void refusedWithASentence(String typed) {
        assertThatThrownBy(() -> TransferTarget.parse(typed)).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void tooLongIsRefused() {
        assertThatThrownBy(() -> TransferTarget.parse("sip:" + "a".repeat(40) + "@" + "b".repeat(60) + ".example.com".repeat(20)))
                .hasMessageContaining("at most 256 characters");
    }

    @Test
    void theNumberIsMaskedForTheAuditLog() {
        assertThat(TransferTarget.parse("+15559998888").masked()).isEqualTo("tel:+1 555 ••• ••88");
        assertThat(TransferTarget.parse("sip:agent@pbx.example.com").masked()).isEqualTo("sip:agent@pbx.example.com");
    }

    @Test
    void aTransfersFinalSipStatusIsToldInWords() {
        assertThat(TransferActions.meaning(new SipStatus(603, "Decline")) + " (" + new SipStatus(603, "Decline").words() + ")")
                .isEqualTo("declined (SIP 603 Decline)");
        assertThat(TransferActions.meaning(new SipStatus(486, "Busy Here"))).isEqualTo("busy");
        assertThat(TransferActions.meaning(new SipStatus(404, "Not Found"))).isEqualTo("the number or address does not exist");
        assertThat(TransferActions.meaning(new SipStatus(502, ""))).isEqualTo("the other end's server failed");
        assertThat(TransferActions.meaning(new SipStatus(415, "Unsupported Media Type"))).isEqualTo("refused");
    }
}

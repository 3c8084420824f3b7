package dev.roomwarden.telephony;

import java.time.Duration;

import dev.roomwarden.input.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The call dialog's fields as typed, checked before LiveKit is asked. */
class PhoneCallTest {

    @Test
    void numbersAreWrittenAsPeopleWriteThemAndSentInE164() {
        for (var typed : new String[] {"+1 (415) 555-0123", " +1.415.555.0123 ", "+14155550123", "+1 415 555 0123"}) {
            assertThat(PhoneCall.requireNumber(typed)).as(typed).isEqualTo("+14155550123");
        }
        assertThat(PhoneCall.requireNumber("+4930123")).isEqualTo("+4930123");
        assertThat(PhoneCall.requireNumber("+123456789012345")).isEqualTo("+123456789012345");
    }

    @Test
    void whatIsNotANumberIsRefusedWithASentence() {
        for (var typed : new String[] {"4155550123", "+1 415 555 O123", "+123456", "+1234567890123456", "tel:+14155550123",
                "+1 415\n555 0123", "++14155550123", "+1/415/5550123"}) {
            assertThatThrownBy(() -> PhoneCall.requireNumber(typed)).as(typed).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not a phone number LiveKit can call");
        }
    }

    @Test
    void theIdentityIsLiveKitsDefaultAndTheRingingTimeout30SecondsUnlessTyped() {
        var call = PhoneCall.of("ST_abc", "+1 415 555 0123", " ", "", true, "");
        assertThat(call.identity()).isEqualTo("sip_+14155550123");
        assertThat(call.name()).isEmpty();
        assertThat(call.ringingTimeout()).isEqualTo(Duration.ofSeconds(30));

        var typed = PhoneCall.of(" ST_abc ", "+14155550123", " billing-desk ", " Billing desk ", false, " 80 ");
        assertThat(typed).isEqualTo(new PhoneCall("ST_abc", "+14155550123", "billing-desk", "Billing desk", false, Duration.ofSeconds(80)));
    }

    @Test
    void aTrunkIdentityOrTimeoutLiveKitCouldNotTakeIsRefused() {
        assertThatThrownBy(() -> PhoneCall.of("", "+14155550123", "", "", true, "30")).hasMessageContaining("Choose the outbound trunk");
        assertThatThrownBy(() -> PhoneCall.of("ST_a b", "+14155550123", "", "", true, "30")).hasMessageContaining("is not a LiveKit trunk id");
        assertThatThrownBy(() -> PhoneCall.of("ST_a", "+14155550123", "a\nb", "", true, "30")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> PhoneCall.of("ST_a", "+14155550123", "", "Desk\u0007", true, "30")).hasMessageContaining("control characters");
        for (var seconds : new String[] {"0", "81", "1.5", "thirty", "-1", "99999999999"}) {
            assertThatThrownBy(() -> PhoneCall.of("ST_a", "+14155550123", "", "", true, seconds)).as(seconds)
                    .hasMessageContaining("from 1 to 80");
        }
    }
}

package dev.roomwarden.phonenumbers;

import dev.roomwarden.security.Permissions;
import dev.roomwarden.security.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTest {

    @Test
    void aNumberKeepsItsCountryCodeThreeDigitsAndItsLastTwo() {
        assertThat(PhoneNumbers.masked("+15551234567")).isEqualTo("+1 555 ••• ••67");
        assertThat(PhoneNumbers.masked("+447700900123")).isEqualTo("+44 770 ••• ••23");
        assertThat(PhoneNumbers.masked("+33612345678")).isEqualTo("+33 61 ••• ••78");
        assertThat(PhoneNumbers.masked("+3548881234")).isEqualTo("+354 ••• ••34");
        assertThat(PhoneNumbers.masked("5551234567")).isEqualTo("555 ••• ••67");
    }

    @Test
    void aValueWithoutDigitsStaysAsItIs() {
        assertThat(PhoneNumbers.masked("anonymous")).isEqualTo("anonymous");
        assertThat(PhoneNumbers.masked(null)).isNull();
    }

    @Test
    void textKeepsEverythingButItsNumbers() {
        assertThat(PhoneNumbers.maskedIn("“sip_+15551234567” (“Phone +15551234567”) joined"))
                .isEqualTo("“sip_+1 555 ••• ••67” (“Phone +1 555 ••• ••67”) joined");
        assertThat(PhoneNumbers.maskedIn("sip_5551234567")).isEqualTo("sip_555 ••• ••67");
        assertThat(PhoneNumbers.maskedIn("call +1 415 555 0123, or +1 (415) 555-0123.")).isEqualTo("call +1 415 ••• ••23, or +1 415 ••• ••23.");
        assertThat(PhoneNumbers.maskedIn("Phone 5551234567")).isEqualTo("Phone 555 ••• ••67");
        assertThat(PhoneNumbers.maskedIn("transfer to tel:+15557654321 or sip:5557654321@pbx.example"))
                .isEqualTo("transfer to tel:+1 555 ••• ••21 or sip:555 ••• ••21@pbx.example");
    }

    @Test
    void idsTimesAndShortNumbersAreNotNumbers() {
        for (var text : new String[] {"PA_1234567890ab", "customer-12345678", "RM_abc", "ext 4711", "1733140000000", "+123456"}) {
            assertThat(PhoneNumbers.maskedIn(text)).as(text).isEqualTo(text);
        }
    }

    @Test
    void staffBelowTheSettingSeeThemMaskedAndAreToldWhy() {
        var atDefault = new TelephonyProperties(Role.MODERATOR);
        var viewer = atDefault.numbersFor(new Permissions(false, false));
        assertThat(viewer.shown("sip_+15551234567")).isEqualTo("sip_+1 555 ••• ••67");
        assertThat(viewer.attribute("sip.trunkPhoneNumber", "15550000000")).isEqualTo("155 •••• ••00");
        assertThat(viewer.why()).contains("masked", "moderators and administrators", "roomwarden.telephony.show-numbers-to");
        var moderator = atDefault.numbersFor(new Permissions(true, false));
        assertThat(moderator.shown("sip_+15551234567")).isEqualTo("sip_+15551234567");
        assertThat(moderator.why()).isEmpty();
        assertThat(new TelephonyProperties(Role.ADMIN).numbersFor(new Permissions(true, false)).shown("+15551234567"))
                .isEqualTo("+1 555 ••• ••67");
        assertThat(new TelephonyProperties(Role.VIEWER).numbersFor(new Permissions(false, false)).masked()).isFalse();
    }
}

package dev.roomwarden.alerts;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerts by e-mail, through a real SMTP server (GreenMail): one mail when the item fires, one when it clears. */
class MailAlertsFlowTest extends AlertsFlowTest {

    @Test
    void aRoomThatRunsLongIsMailedOnceAndItsClearingOnce() throws Exception {
        targets.create("On call", AlertTarget.Kind.EMAIL, "oncall@example.com", null, true, Instant.now(), "test");
        aLongRoom("alerts-mail-1");

        evaluate();
        evaluate();
        assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(MAIL.getReceivedMessages()).singleElement().satisfies(mail -> {
            assertThat(mail.getSubject()).isEqualTo("[Roomwarden] A room runs long in “alerts-mail-1”");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@roomwarden.test");
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
            assertThat(((String) mail.getContent()).replace("\r\n", "\n")).startsWith("A room runs long in “alerts-mail-1”: The room has been open for more than 1 minutes")
                    .contains("\nSince ").contains("\nhttps://roomwarden.example.com/rooms/alerts-mail-1");
        });

        roomFinished("alerts-mail-1");
        evaluate();
        evaluate();
        assertThat(MAIL.waitForIncomingEmail(10_000, 2)).isTrue();
        var mails = MAIL.getReceivedMessages();
        assertThat(mails).hasSize(2);
        assertThat(mails[1].getSubject()).isEqualTo("[Roomwarden] Cleared: A room runs long in “alerts-mail-1”");
        assertThat((String) mails[1].getContent()).startsWith("Cleared: A room runs long in “alerts-mail-1” (since ").contains("): cleared.");
        assertThat(jdbc.sql("SELECT state FROM alert_delivery ORDER BY id").query(String.class).list()).containsExactly("DELIVERED", "DELIVERED");
    }
}

package dev.roomwarden.alerts;

import java.time.Instant;

import dev.roomwarden.display.Times;
import dev.roomwarden.overview.AttentionRule;

/**
 * One notice to send: an item firing, the same item resolved (with who acknowledged it, or that it cleared), or a test
 * from /alerts. {@code heldBack}: notices to this target the rate limit held back since the last one that went out.
 */
record Notice(Type type, Long alertId, AttentionRule rule, String room, String text, Instant since, String link,
        String resolution, int heldBack) {

    enum Type {
        FIRING("firing"), RESOLVED("resolved"), TEST("test");

        private final String words;

        Type(String words) {
            this.words = words;
        }

        String words() {
            return words;
        }
    }

    static Notice test(Instant now, String link) {
        return new Notice(Type.TEST, null, null, null, "This is a test alert from Roomwarden's /alerts page. Alerts to this "
                + "target arrive like this.", now, link, null, 0);
    }

    Notice heldBack(int count) {
        return new Notice(type, alertId, rule, room, text, since, link, resolution, count);
    }

    /** "A customer is alone in “support-7”" */
    String headline() {
        if (type == Type.TEST) {
            return "Test alert";
        }
        return rule.title() + (room == null ? "" : " in “" + room + "”");
    }

    String subject() {
        return "[Roomwarden] " + (type == Type.RESOLVED ? "Cleared: " : "") + headline();
    }

    /** The whole notice in a few lines of plain text: what a chat message or a mail says. */
    String body() {
        var body = new StringBuilder();
        switch (type) {
            case FIRING -> body.append(headline()).append(": ").append(text).append("\nSince ").append(Times.exact(since)).append('.');
            case RESOLVED -> body.append("Cleared: ").append(headline()).append(" (since ").append(Times.exact(since)).append("): ")
                    .append(resolution).append('.').append("\nIt was: ").append(text);
            case TEST -> body.append(text);
        }
        if (link != null && !link.isEmpty()) {
            body.append('\n').append(link);
        }
        if (heldBack > 0) {
            body.append("\n(").append(heldBack).append(heldBack == 1 ? " earlier notice was" : " earlier notices were")
                    .append(" held back by the rate limit; /alerts lists them.)");
        }
        return body.toString();
    }
}

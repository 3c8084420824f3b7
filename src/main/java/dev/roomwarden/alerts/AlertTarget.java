package dev.roomwarden.alerts;

import java.net.URI;
import java.time.Instant;

/**
 * Where alerts go: an outgoing webhook (its URL is a credential: a Slack webhook's path is its secret, so it is shown
 * as {@link #shownAddress()} only) or an e-mail address.
 */
record AlertTarget(long id, String name, Kind kind, String address, Format format, boolean enabled, Instant updatedAt,
        String updatedBy) {

    enum Kind {
        WEBHOOK("outgoing webhook"), EMAIL("e-mail");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** What an outgoing webhook posts. */
    enum Format {
        SLACK("Slack-style {\"text\": …} (Slack, Mattermost, Rocket.Chat, Teams)"),
        JSON("JSON document (rule, room, text, since, state, link)");

        private final String words;

        Format(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public boolean webhook() {
        return kind == Kind.WEBHOOK;
    }

    /** The e-mail address, or the webhook's scheme and host only ("https://hooks.slack.com/…"). */
    public String shownAddress() {
        return webhook() ? shownUrl(address) : address;
    }

    static String shownUrl(String url) {
        try {
            var uri = URI.create(url);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/…";
            }
        } catch (IllegalArgumentException e) {
            // Not a URL: nothing of it is shown.
        }
        return "(an address that is not a URL)";
    }

    /** For the audit log and the page: kind, name, where (never a URL in full), and whether it is on. */
    public String described() {
        return kind.words() + " “" + name + "” to " + shownAddress() + (webhook() ? " (" + format.name() + ")" : "")
                + (enabled ? "" : ", disabled");
    }
}

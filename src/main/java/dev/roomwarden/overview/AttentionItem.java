package dev.roomwarden.overview;

import java.time.Instant;

import dev.roomwarden.display.Paths;
import dev.roomwarden.display.Times;

/**
 * One thing that needs staff now: which rule, about which room (its name and session), who or what in it
 * ({@code subject}: an identity, an egress id, a keep-out), since when, and in words. The key names this occurrence,
 * so that acknowledging it, or notifying it once, does not cover the same trouble starting again later.
 */
public record AttentionItem(String key, AttentionRule rule, String room, String roomSid, String subject, Instant since,
        String text) {

    static AttentionItem of(AttentionRule rule, String room, String roomSid, String subject, Instant since, String text) {
        var key = rule.name() + "|" + (roomSid == null ? "" : roomSid) + "|" + (subject == null ? "" : subject) + "|"
                + since.getEpochSecond();
        return new AttentionItem(key.length() > 700 ? key.substring(0, 700) : key, rule, room, roomSid, subject, since, text);
    }

    /** The room's page, or nothing for an item about no room. */
    public String roomPath() {
        return room == null ? null : Paths.room(room);
    }

    public String sinceAgo(Instant now) {
        return Times.ago(since, now);
    }

    public String sinceExact() {
        return Times.exact(since);
    }
}

package dev.roomwarden.overview;

import java.time.Instant;

/** A rule as set at /alerts: its threshold, whether it is checked at all, and whether it notifies. */
public record AttentionSetting(AttentionRule rule, int threshold, boolean enabled, boolean notifies, Instant updatedAt,
        String updatedBy) {

    static AttentionSetting defaultOf(AttentionRule rule) {
        return new AttentionSetting(rule, rule.defaultThreshold(), true, true, null, null);
    }

    /** "120 seconds" */
    public String thresholdWords() {
        return threshold + " " + rule.unit().words();
    }

    public java.time.Duration duration() {
        return rule.duration(threshold);
    }
}

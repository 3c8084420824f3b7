package dev.roomwarden.overview;

/**
 * What can need staff's attention, each with a threshold in its unit. The first six are items of the overview's
 * "Needs attention", each about a room; the last two are about LiveKit itself and only notify (the overview shows
 * LiveKit's state in "Now"). Defaults apply until an ADMIN sets a rule at /alerts.
 */
public enum AttentionRule {
    CUSTOMER_ALONE("A customer is alone", "Alone (no agent, nobody else) for more than", Unit.SECONDS, 120, 5, 86_400),
    AGENT_LEFT("An agent dropped out", "Listed for at most, while no agent came back", Unit.MINUTES, 30, 1, 1_440),
    LONG_ROOM("A room runs long", "Open for more than", Unit.MINUTES, 60, 1, 10_080),
    KEPT_OUT_RETURNING("A kept-out identity keeps coming back", "Removed again at least this often within 15 minutes",
            Unit.TIMES, 3, 2, 1_000),
    RECORDING_FAILED("A recording failed", "Listed for", Unit.MINUTES, 60, 1, 1_440),
    SIP_CALL_FAILED("A phone call failed", "Listed for", Unit.MINUTES, 60, 1, 1_440),
    LIVEKIT_UNREACHABLE("LiveKit is unreachable", "Unreachable for more than", Unit.SECONDS, 60, 5, 86_400),
    NO_WEBHOOK("No webhook while rooms are live", "No webhook for more than", Unit.MINUTES, 10, 1, 1_440);

    /** What a threshold counts. */
    public enum Unit {
        SECONDS("seconds"), MINUTES("minutes"), TIMES("times");

        private final String words;

        Unit(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    private final String title;
    private final String thresholdLabel;
    private final Unit unit;
    private final int defaultThreshold;
    private final int min;
    private final int max;

    AttentionRule(String title, String thresholdLabel, Unit unit, int defaultThreshold, int min, int max) {
        this.title = title;
        this.thresholdLabel = thresholdLabel;
        this.unit = unit;
        this.defaultThreshold = defaultThreshold;
        this.min = min;
        this.max = max;
    }

    public String title() {
        return title;
    }

    /** What the threshold means, before its number and unit ("Open for more than" 60 minutes). */
    public String thresholdLabel() {
        return thresholdLabel;
    }

    public Unit unit() {
        return unit;
    }

    public int defaultThreshold() {
        return defaultThreshold;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** About a room (an overview item) rather than about LiveKit (an alert only). */
    public boolean aboutARoom() {
        return this != LIVEKIT_UNREACHABLE && this != NO_WEBHOOK;
    }

    /** The threshold as a duration, for rules whose unit is time. */
    public java.time.Duration duration(int threshold) {
        return switch (unit) {
            case SECONDS -> java.time.Duration.ofSeconds(threshold);
            case MINUTES -> java.time.Duration.ofMinutes(threshold);
            case TIMES -> throw new IllegalStateException(name() + " counts, it has no duration");
        };
    }
}

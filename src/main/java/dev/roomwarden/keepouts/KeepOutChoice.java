package dev.roomwarden.keepouts;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;

/**
 * What the remove dialog asks besides removing: keep the identity out for {@code duration} (null: until lifted),
 * of the room or of every room. Parsed from the form's {@code keepOut} and {@code keepOutOf} fields.
 */
public record KeepOutChoice(Duration duration, boolean everyRoom) {

    /** The choices the dialog offers (keepouts/choice.html), by field value. */
    enum For {
        MINUTES_15("15m", Duration.ofMinutes(15), "for 15 minutes"),
        HOUR_1("1h", Duration.ofHours(1), "for 1 hour"),
        HOURS_24("24h", Duration.ofHours(24), "for 24 hours"),
        LIFTED("lifted", null, "until lifted");

        final String value;
        final Duration duration;
        final String words;

        For(String value, Duration duration, String words) {
            this.value = value;
            this.duration = duration;
            this.words = words;
        }
    }

    /** Empty when the form asks only to remove ({@code keepOut} absent, empty or "no"). */
    static Optional<KeepOutChoice> parse(String keepOut, String keepOutOf) {
        if (!asked(keepOut)) {
            return Optional.empty();
        }
        For chosen = null;
        for (var choice : For.values()) {
            if (choice.value.equals(keepOut)) {
                chosen = choice;
            }
        }
        if (chosen == null) {
            throw new InvalidInputException("Keep out for 15 minutes, 1 hour, 24 hours or until lifted, not '"
                    + Text.abbreviate(keepOut, 40) + "'. Nothing was done.");
        }
        if (keepOutOf != null && !keepOutOf.isBlank() && !"room".equals(keepOutOf) && !"every".equals(keepOutOf)) {
            throw scopeRefused(keepOutOf);
        }
        return Optional.of(new KeepOutChoice(chosen.duration, "every".equals(keepOutOf)));
    }

    /** Whether the form's {@code keepOut} asks to keep out at all (the dialog's "No" does not). */
    public static boolean asked(String keepOut) {
        return keepOut != null && !keepOut.isBlank() && !"no".equals(keepOut);
    }

    private static InvalidInputException scopeRefused(String keepOutOf) {
        return new InvalidInputException("Keep out of this room or of every room, not '" + Text.abbreviate(keepOutOf, 40)
                + "'. Nothing was done.");
    }

    Instant endsAt(Instant now) {
        return duration == null ? null : now.plus(duration);
    }

    /** “for 1 hour”, “until lifted” */
    public String words() {
        for (var choice : For.values()) {
            if (Objects.equals(choice.duration, duration)) {
                return choice.words;
            }
        }
        return "for " + duration;
    }
}

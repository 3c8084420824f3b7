package dev.roomwarden.display;

import java.util.function.Function;
import java.util.function.Supplier;

import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import org.springframework.dao.DataAccessException;

/**
 * A message shown at the top of the page after an action; {@code level} is a Bootstrap alert colour.
 * {@link #after} is the one place where an action's outcome or failure becomes words.
 */
public record Flash(String level, String text) implements ActionMessage {

    /** Every action is audited before it is carried out; without the audit log nothing is done. */
    public static final String AUDIT_UNAVAILABLE =
            "the audit log could not be written, so nothing was done. Check the database and try again.";

    /**
     * The request header every request from inside a confirmation carries (confirm.html): its refusals
     * (400, 403) go into the confirmation's #confirm-message, which covers the page's message area, and there too.
     */
    public static final String FROM_CONFIRMATION = "RW-Confirmation";

    public static Flash success(String text) {
        return new Flash("success", text);
    }

    public static Flash info(String text) {
        return new Flash("info", text);
    }

    public static Flash error(String text) {
        return new Flash("danger", text);
    }

    @Override
    public String modelAttribute() {
        return "flash";
    }

    /**
     * The message after an audited LiveKit action: {@code done}; {@code gone} when its target was already
     * gone; or {@code notDone} and why (LiveKit's failure, or the audit log that could not be written).
     */
    public static ActionMessage after(Supplier<ActionOutcome> action, String done, String gone, String notDone) {
        return after(action, outcome -> outcome == ActionOutcome.DONE ? success(done) : info(gone), notDone);
    }

    /** The same for an action whose answer says more than done or gone: {@code said} puts it in words. */
    public static <T> ActionMessage after(Supplier<T> action, Function<T, ? extends ActionMessage> said, String notDone) {
        T answer;
        try {
            answer = action.get();
        } catch (LiveKitException | DataAccessException e) {
            return error(notDone(notDone, e));
        }
        return said.apply(answer);
    }

    /**
     * Why an action was not done, after what was not done ("“ann” was not removed"): LiveKit's failure in
     * its own words, or the audit log that could not be written.
     */
    public static String notDone(String notDone, RuntimeException failure) {
        if (failure instanceof LiveKitException e) {
            return e.explanation() != null ? e.explanation() : notDone + ". " + e.userMessage();
        }
        if (failure instanceof DataAccessException) {
            return notDone + ": " + AUDIT_UNAVAILABLE;
        }
        throw failure;
    }
}

package dev.roomwarden.web;

import java.io.Serializable;
import java.util.function.Supplier;

import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import org.springframework.dao.DataAccessException;

/**
 * A message shown at the top of the page after an action; {@code level} is a Bootstrap alert colour.
 * Serializable: it waits in the session, which is stored in the database, for the page after a redirect.
 */
public record Flash(String level, String text) implements Serializable {

    /** Every action is audited before it is carried out; without the audit log nothing is done. */
    public static final String AUDIT_UNAVAILABLE =
            "the audit log could not be written, so nothing was done. Check the database and try again.";

    public static Flash success(String text) {
        return new Flash("success", text);
    }

    public static Flash info(String text) {
        return new Flash("info", text);
    }

    public static Flash error(String text) {
        return new Flash("danger", text);
    }

    /**
     * The message after an audited LiveKit action: {@code done}; {@code gone} when its target was already
     * gone; or {@code notDone} and why (LiveKit's failure, or the audit log that could not be written).
     */
    public static Flash after(Supplier<ActionOutcome> action, String done, String gone, String notDone) {
        try {
            return action.get() == ActionOutcome.DONE ? success(done) : info(gone);
        } catch (LiveKitException e) {
            return error(notDone + ". " + e.userMessage());
        } catch (DataAccessException e) {
            return error(notDone + ": " + AUDIT_UNAVAILABLE);
        }
    }
}

package dev.roomwarden.display;

import java.io.Serializable;

/**
 * What the message area says after an action: a {@link Flash}, or what came of each target of a batch.
 * Serializable: it waits in the (database-stored) session for the page after a redirect.
 */
public interface ActionMessage extends Serializable {

    /** The model attribute the layout renders it from ("flash" or "batch"). */
    String modelAttribute();

    /** A Bootstrap alert colour: "danger" when nothing was done. */
    String level();

    default boolean failed() {
        return "danger".equals(level());
    }
}

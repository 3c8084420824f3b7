package dev.roomwarden.web;

/** A message shown at the top of the page after an action; {@code level} is a Bootstrap alert colour. */
public record Flash(String level, String text) {

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
}

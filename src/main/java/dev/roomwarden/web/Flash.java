package dev.roomwarden.web;

/** A message shown at the top of the page after an action; {@code level} is a Bootstrap alert colour. */
public record Flash(String level, String text) {

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

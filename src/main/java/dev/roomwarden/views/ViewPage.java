package dev.roomwarden.views;

import java.util.List;
import java.util.Locale;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.security.Permissions;

/**
 * The pages whose filter can be saved, with the parameters of their filter (in the order the page writes them; its
 * page number is left out: a view is a filter, not a place in it) and who may read them.
 */
public enum ViewPage {
    ROOMS("/rooms", "Rooms", List.of("q", "sort", "tag"), false),
    HISTORY("/history", "History", List.of("room", "identity", "kind", "tag", "from", "to", "min", "max"), false),
    AUDIT("/audit", "Audit log", List.of("user", "action", "room", "outcome", "from", "to", "batch"), true);

    private final String path;
    private final String title;
    private final List<String> parameters;
    private final boolean moderatorsOnly;

    ViewPage(String path, String title, List<String> parameters, boolean moderatorsOnly) {
        this.path = path;
        this.title = title;
        this.parameters = parameters;
        this.moderatorsOnly = moderatorsOnly;
    }

    public String path() {
        return path;
    }

    public String title() {
        return title;
    }

    List<String> parameters() {
        return parameters;
    }

    /** The audit log is for MODERATOR and up: a viewer neither saves nor sees a view of it. */
    boolean readableBy(Permissions can) {
        return !moderatorsOnly || can.moderate();
    }

    /** The column's value: "rooms". */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ViewPage ofKey(String value) {
        for (var page : values()) {
            if (page.key().equals(value)) {
                return page;
            }
        }
        return null;
    }

    static ViewPage parse(String value) {
        var page = value == null ? null : ofKey(value.strip().toLowerCase(Locale.ROOT));
        if (page == null) {
            throw new InvalidInputException("Views can be saved of rooms, history or the audit log, not of '"
                    + Text.abbreviate(String.valueOf(value), 40) + "'. Nothing was saved.");
        }
        return page;
    }
}

package dev.roomwarden.views;

import java.time.Instant;

/** A named filter of /rooms, /history or /audit: {@code query} as the page writes it ("?room=support&kind=agent" or ""). */
public record SavedView(long id, String owner, String name, ViewPage page, String query, boolean shared, Instant created) {

    /** Where the view opens. */
    public String path() {
        return page.path() + query;
    }

    /** "History", for the menu. */
    public String pageTitle() {
        return page.title();
    }
}

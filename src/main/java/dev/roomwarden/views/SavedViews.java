package dev.roomwarden.views;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.display.QueryString;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.security.Permissions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Each member of staff's named filters, found in the navigation; an ADMIN publishes one of theirs for everyone
 * (audited: it changes what everyone's menu shows). A view is only a link: the page checks its filter when it opens.
 */
@Service
public class SavedViews {

    static final int MAX_NAME = 80;
    static final int MAX_QUERY = 2000;
    static final int MAX_VIEWS = 50;
    /** The most shared views a menu lists; more are on /views. */
    static final int MAX_SHARED_IN_MENU = 30;

    /** What the navigation's Views menu lists for one person. */
    public record Menu(List<SavedView> own, List<SavedView> shared) {

        public boolean isEmpty() {
            return own.isEmpty() && shared.isEmpty();
        }
    }

    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    private final Clock clock;

    SavedViews(JdbcClient jdbc, AuditLog auditLog, Clock clock) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** This person's own views (not published), and every shared view they may open, each by name. */
    public Menu menuFor(String username, Permissions can) {
        var own = jdbc.sql("SELECT * FROM saved_view WHERE owner = ? AND shared = FALSE ORDER BY LOWER(name), id").param(username)
                .query(SavedViews::view).list().stream().filter(view -> view.page().readableBy(can)).toList();
        return new Menu(own, shared(can));
    }

    List<SavedView> shared(Permissions can) {
        return jdbc.sql("SELECT * FROM saved_view WHERE shared = TRUE ORDER BY LOWER(name), id").query(SavedViews::view).list()
                .stream().filter(view -> view.page().readableBy(can)).toList();
    }

    Optional<SavedView> find(long id) {
        return jdbc.sql("SELECT * FROM saved_view WHERE id = ?").param(id).query(SavedViews::view).optional();
    }

    /**
     * Saves the filter {@code parameters} of {@code page} (what the page's filter form holds; anything else, its page
     * number included, is left out) under {@code name}, for {@code username}.
     */
    SavedView save(String username, Permissions can, String name, ViewPage page, Map<String, String> parameters) {
        if (!page.readableBy(can)) {
            throw new AccessDeniedException("Only a MODERATOR or ADMIN reads the audit log, so only they save views of it.");
        }
        var named = checkName(name);
        var query = queryOf(page, parameters);
        if (jdbc.sql("SELECT COUNT(*) FROM saved_view WHERE owner = ? AND LOWER(name) = ?").params(username, named.toLowerCase(Locale.ROOT))
                .query(Integer.class).single() > 0) {
            throw new InvalidInputException("You already have a view named “" + named + "”. Choose another name, or delete that one"
                    + " first. Nothing was saved.");
        }
        if (jdbc.sql("SELECT COUNT(*) FROM saved_view WHERE owner = ?").param(username).query(Integer.class).single() >= MAX_VIEWS) {
            throw new InvalidInputException("You have " + MAX_VIEWS + " saved views, the most Roomwarden keeps for one person."
                    + " Delete one at Views first. Nothing was saved.");
        }
        var now = clock.instant();
        jdbc.sql("INSERT INTO saved_view (owner, name, page, query, shared, created_at) VALUES (?, ?, ?, ?, FALSE, ?)")
                .params(username, named, page.key(), query, Timestamp.from(now)).update();
        return new SavedView(0, username, named, page, query, false, now);
    }

    /** A person deletes their own view; an ADMIN may also delete a shared view of someone else's (audited). */
    SavedView delete(String username, Permissions can, long id) {
        var view = find(id).orElseThrow(() -> gone());
        if (!view.owner().equals(username)) {
            if (!view.shared() || !can.deleteRooms()) {
                throw new AccessDeniedException("This view is not yours: only its owner deletes it (or an ADMIN, once it is shared).");
            }
        }
        jdbc.sql("DELETE FROM saved_view WHERE id = ?").param(id).update();
        if (view.shared()) {
            audit(AuditAction.DELETE_SHARED_VIEW, view);
        }
        return view;
    }

    /** Shows one of this ADMIN's own views in everyone's menu (a VIEWER's menu leaves out views of the audit log). */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.PUBLISH_VIEW)
    public SavedView publish(String username, long id) {
        var view = find(id).orElseThrow(() -> gone());
        if (!view.owner().equals(username)) {
            throw new InvalidInputException("An ADMIN publishes the views they saved themselves: save this filter as your own view first.");
        }
        if (view.shared()) {
            throw new InvalidInputException("“" + view.name() + "” is shared already. Nothing was changed.");
        }
        jdbc.sql("UPDATE saved_view SET shared = TRUE WHERE id = ?").param(id).update();
        audit(AuditAction.PUBLISH_VIEW, view);
        return view;
    }

    /** Takes a shared view out of everyone's menu: it is its owner's own view again. */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.UNPUBLISH_VIEW)
    public SavedView unpublish(long id) {
        var view = find(id).orElseThrow(() -> gone());
        if (!view.shared()) {
            throw new InvalidInputException("“" + view.name() + "” is not shared. Nothing was changed.");
        }
        jdbc.sql("UPDATE saved_view SET shared = FALSE WHERE id = ?").param(id).update();
        audit(AuditAction.UNPUBLISH_VIEW, view);
        return view;
    }

    private void audit(AuditAction action, SavedView view) {
        auditLog.record(action, AuditTarget.account(view.owner()), null, AuditOutcome.DONE,
                Text.cut("view “" + view.name() + "”: " + view.path(), 300));
    }

    private static InvalidInputException gone() {
        return new InvalidInputException("This view no longer exists: it was deleted meanwhile. Nothing was changed.");
    }

    static String checkName(String name) {
        var named = name == null ? "" : name.strip();
        if (named.isEmpty()) {
            throw new InvalidInputException("Give the view a name, such as “Escalated today”. Nothing was saved.");
        }
        if (named.length() > MAX_NAME) {
            throw new InvalidInputException("A view's name is at most " + MAX_NAME + " characters. Nothing was saved.");
        }
        if (Text.hasControlCharacters(named)) {
            throw new InvalidInputException("A view's name cannot contain line breaks or other control characters. Nothing was saved.");
        }
        return named;
    }

    /** The page's filter parameters, in its own order, blank ones left out; each value checked as any filter text. */
    static String queryOf(ViewPage page, Map<String, String> parameters) {
        var query = new QueryString();
        for (var parameter : page.parameters()) {
            var value = parameters.get(parameter);
            if (value != null && !value.isBlank()) {
                query.add(parameter, Text.filterText(value, parameter, 256));
            }
        }
        var written = query.toString();
        if (written.length() > MAX_QUERY) {
            throw new InvalidInputException("This filter is too long to save (at most " + MAX_QUERY + " characters). Nothing was saved.");
        }
        return written;
    }

    private static SavedView view(ResultSet rs, int row) throws SQLException {
        var page = ViewPage.ofKey(rs.getString("page"));
        return new SavedView(rs.getLong("id"), rs.getString("owner"), rs.getString("name"), page == null ? ViewPage.ROOMS : page,
                rs.getString("query"), rs.getBoolean("shared"), rs.getTimestamp("created_at").toInstant());
    }

}

package dev.roomwarden.notes;

import java.sql.Timestamp;
import java.time.Clock;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Tags on room sessions ({@code escalated}, {@code billing}): added and removed by moderators, audited, filtered on. */
@Service
public class Tags {

    public static final int MAX_LENGTH = 32;
    public static final int MAX_PER_SESSION = 10;
    /** How many tags the filters offer to choose from. */
    static final int KNOWN_SHOWN = 100;
    private static final Pattern TAG = Pattern.compile("[a-z0-9_-]{1," + MAX_LENGTH + "}");

    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Tags(JdbcClient jdbc, AuditLog auditLog, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A tag as typed in a form: refused with a sentence unless it is lower-case letters, digits, '-' or '_'. */
    public static String check(String value) {
        var tag = value == null ? "" : value.strip();
        if (tag.isEmpty()) {
            throw new InvalidInputException("Type a tag, e.g. escalated or billing.");
        }
        if (!TAG.matcher(tag).matches()) {
            throw new InvalidInputException("“" + Text.abbreviate(tag, 40) + "” is not a tag: a tag is 1 to " + MAX_LENGTH
                    + " lower-case letters, digits, '-' or '_' (e.g. escalated, billing, vip_customer).");
        }
        return tag;
    }

    /** A tag filter from a URL: blank is no filter; anything that is not a tag is refused with a sentence. */
    public static String filter(String value) {
        return value == null || value.isBlank() ? null : check(value);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.ADD_TAG, room = "room")
    public void add(String room, String roomSid, String tag) {
        var checked = check(tag);
        var who = SecurityContextHolder.getContext().getAuthentication().getName();
        transactions.executeWithoutResult(status -> {
            var tags = of(roomSid);
            if (tags.contains(checked)) {
                throw new InvalidInputException("This session is already tagged “" + checked + "”. Nothing was changed.");
            }
            if (tags.size() >= MAX_PER_SESSION) {
                throw new InvalidInputException("A session has at most " + MAX_PER_SESSION + " tags; remove one first. Nothing was changed.");
            }
            auditLog.record(AuditAction.ADD_TAG, target(room, roomSid), null, AuditOutcome.DONE, "tag " + checked);
            try {
                jdbc.sql("INSERT INTO session_tag (room_sid, tag, added_by, added_at) VALUES (?, ?, ?, ?)")
                        .params(roomSid, checked, Text.cut(who, 64), Timestamp.from(clock.instant())).update();
            } catch (DuplicateKeyException e) {
                throw new InvalidInputException("This session was tagged “" + checked + "” meanwhile. Nothing was changed.");
            }
        });
        remember(checked);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.REMOVE_TAG, room = "room")
    public void remove(String room, String roomSid, String tag) {
        var checked = check(tag);
        transactions.executeWithoutResult(status -> {
            auditLog.record(AuditAction.REMOVE_TAG, target(room, roomSid), null, AuditOutcome.DONE, "tag " + checked);
            if (jdbc.sql("DELETE FROM session_tag WHERE room_sid = ? AND tag = ?").params(roomSid, checked).update() != 1) {
                throw new InvalidInputException("This session has no tag “" + checked + "”. Nothing was changed.");
            }
        });
    }

    /** The session's tags, alphabetically. */
    public List<String> of(String roomSid) {
        return jdbc.sql("SELECT tag FROM session_tag WHERE room_sid = ? ORDER BY tag").param(roomSid).query(String.class).list();
    }

    /** The tags of each of these sessions (those without any are absent), for a list's badges: one read. */
    public Map<String, List<String>> of(Collection<String> roomSids) {
        if (roomSids.isEmpty()) {
            return Map.of();
        }
        var tags = new LinkedHashMap<String, List<String>>();
        jdbc.sql("SELECT room_sid, tag FROM session_tag WHERE room_sid IN (:sids) ORDER BY room_sid, tag")
                .param("sids", List.copyOf(roomSids))
                .query((ResultSet rs) -> {
                    tags.computeIfAbsent(rs.getString(1), sid -> new ArrayList<>()).add(rs.getString(2));
                });
        return tags;
    }

    /** The sessions with this tag (answered from the (tag, room_sid) index). */
    public Set<String> sessionsWith(String tag) {
        return Set.copyOf(jdbc.sql("SELECT room_sid FROM session_tag WHERE tag = ?").param(tag).query(String.class).list());
    }

    /** Tags that have been used, alphabetically, for the filters' choice. */
    public List<String> known() {
        return jdbc.sql("SELECT tag FROM known_tag ORDER BY tag LIMIT " + KNOWN_SHOWN).query(String.class).list();
    }

    /** After the tag is added, so that two first uses of a tag at once cannot undo either. */
    private void remember(String tag) {
        try {
            jdbc.sql("INSERT INTO known_tag (tag, first_added_at) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM known_tag WHERE tag = ?)")
                .params(tag, Timestamp.from(clock.instant()), tag).update();
        } catch (DuplicateKeyException e) {
            // remembered by the other
        }
    }

    static AuditTarget target(String room, String roomSid) {
        return AuditTarget.room(room).withSids(roomSid, null);
    }
}

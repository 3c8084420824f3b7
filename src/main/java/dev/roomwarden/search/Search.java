package dev.roomwarden.search;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.display.Paths;
import dev.roomwarden.display.QueryString;
import dev.roomwarden.display.Times;
import dev.roomwarden.input.Text;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.phonenumbers.ShownNumbers;
import dev.roomwarden.phonenumbers.TelephonyProperties;
import dev.roomwarden.security.Permissions;
import livekit.LivekitModels.Room;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * One search, in groups, each only for the roles that may see it (a group a role may not see is not searched):
 * live rooms from the shared ListRooms answer (in memory); live participants and past sessions from search_term's
 * prefix ranges (V19), then their sessions by primary key; staff accounts (ADMIN; a small table); audit records
 * (MODERATOR, who may read the audit log) by the start of their room, participant or account, on indexed columns.
 * Texts are matched as the viewer sees them (phone numbers masked below roomwarden.telephony.show-numbers-to), so a
 * search never tells a viewer a number it would not show.
 */
@Service
public class Search {

    static final int PAGE_CAP = 50;
    static final int SUGGEST_CAP = 5;
    /** Index rows read per prefix: beyond them, "N more" says "at least". */
    static final int SCAN = 2_000;
    private static final int CHUNK = 500;
    private static final int EXCERPT = 100;

    /** A line under a result's title: what else matched. */
    public record Detail(String label, Highlighted text) {
    }

    public record Result(Highlighted title, String note, List<Detail> details, String href, Instant at) {
    }

    /** {@code more}: matches not shown; {@code atLeast}: there may be more still (the index was read only so far). */
    public record Group(String id, String heading, List<Result> results, int more, boolean atLeast, String problem) {

        public boolean shown() {
            return !results.isEmpty() || problem != null;
        }

        public String moreText() {
            if (more == 0 && !atLeast) {
                return null;
            }
            if (!atLeast) {
                return more + " more";
            }
            return (more == 0 ? "More may match" : "At least " + more + " more") + ": type more to narrow it down.";
        }
    }

    public record Answer(String query, List<Group> groups) {

        public int total() {
            return groups.stream().mapToInt(g -> g.results().size() + g.more()).sum();
        }
    }

    private record Hit(String roomSid, String participantSid, Instant at) {
    }

    private record Hits(Map<String, Hit> byTarget, boolean truncated) {
    }

    /** The room names and identities found, for the audit records about them (an indexed IN on room and participant). */
    private record Found(Set<String> rooms, Set<String> identities) {

        static final int MAX = 200;

        void room(String name) {
            if (rooms.size() < MAX) {
                rooms.add(name);
            }
        }

        void identity(String identity) {
            if (identities.size() < MAX) {
                identities.add(identity);
            }
        }
    }

    /** Participant sessions found: the live ones' group, and the others for the past sessions. */
    private record Participants(Group live, List<Result> past, boolean truncated) {
    }

    private final LiveKitGateway livekit;
    private final JdbcClient jdbc;
    private final SearchIndex index;
    private final TelephonyProperties telephony;
    private final Clock clock;

    Search(LiveKitGateway livekit, JdbcClient jdbc, SearchIndex index, TelephonyProperties telephony, Clock clock) {
        this.livekit = livekit;
        this.jdbc = jdbc;
        this.index = index;
        this.telephony = telephony;
        this.clock = clock;
    }

    Answer search(Query query, Permissions can, int cap) {
        var numbers = telephony.numbersFor(can);
        var now = clock.instant();
        var groups = new ArrayList<Group>();
        Map<String, Room> live = null;
        String livekitProblem = null;
        try {
            live = livekit.listRooms().stream().collect(Collectors.toMap(Room::getSid, Function.identity(), (a, b) -> a));
        } catch (LiveKitException e) {
            livekitProblem = "Live rooms and participants were not searched: " + (e.explanation() != null ? e.explanation() : e.userMessage());
        }
        var found = new Found(new LinkedHashSet<>(), new LinkedHashSet<>());
        groups.add(liveRooms(query, live, livekitProblem, numbers, cap, found));
        var participants = participants(query, live, numbers, now, cap, found);
        groups.add(participants.live());
        groups.add(pastSessions(query, live, participants, numbers, cap, found));
        if (can.deleteRooms()) {
            groups.add(staff(query, cap));
        }
        if (can.moderate()) {
            groups.add(audit(query, numbers, now, cap, found));
        }
        return new Answer(query.text(), groups);
    }

    private Group liveRooms(Query query, Map<String, Room> live, String problem, ShownNumbers numbers, int cap, Found found) {
        if (live == null) {
            return new Group("live-rooms", "Live rooms", List.of(), 0, false, problem);
        }
        var results = new ArrayList<Result>();
        for (var room : live.values()) {
            var name = query.highlight(numbers.shown(room.getName()));
            var metadata = query.highlight(numbers.shown(room.getMetadata()));
            if (name == null && metadata == null) {
                continue;
            }
            found.room(room.getName());
            var details = metadata == null ? List.<Detail>of() : List.of(new Detail("metadata", metadata.around(EXCERPT)));
            results.add(new Result(name != null ? name : Highlighted.plain(numbers.shown(room.getName())),
                    room.getNumParticipants() + (room.getNumParticipants() == 1 ? " participant" : " participants"),
                    details, Paths.room(room.getName()), null));
        }
        // Rooms found by their name first.
        results.sort(Comparator.comparing((Result r) -> !r.details().isEmpty()).thenComparing(r -> r.title().text()));
        return capped("live-rooms", "Live rooms", results, false, cap, null);
    }

    /** The live participants group, and the past participant sessions (for {@link #pastSessions}). */
    private Participants participants(Query query, Map<String, Room> live, ShownNumbers numbers, Instant now, int cap, Found found) {
        var hits = lookUp(query, "participant");
        // A participant's hits are keyed by its session's sid.
        var sids = List.copyOf(hits.byTarget().keySet());
        var attributes = index.attributes(sids);
        var liveResults = new ArrayList<Result>();
        var pastResults = new ArrayList<Result>();
        for (var from = 0; from < sids.size(); from += CHUNK) {
            jdbc.sql("""
                    SELECT p.participant_sid, p.room_sid, p.identity, p.name, p.joined_at, p.left_at, r.room_name
                    FROM participant_session p JOIN room_session r ON r.room_sid = p.room_sid WHERE p.participant_sid IN (:sids)""")
                    .param("sids", sids.subList(from, Math.min(sids.size(), from + CHUNK)))
                    .query(rs -> {
                        var identity = numbers.shown(rs.getString(3));
                        var name = rs.getString(4) == null || rs.getString(4).equals(rs.getString(3)) ? "" : numbers.shown(rs.getString(4));
                        var details = new ArrayList<Detail>();
                        var matchedIdentity = query.highlight(identity);
                        var matchedName = query.highlight(name);
                        if (matchedName != null) {
                            details.add(new Detail("name", matchedName));
                        }
                        attributes.getOrDefault(rs.getString(1), Map.of()).forEach((key, value) -> {
                            var matched = query.highlight(numbers.attribute(key, value));
                            if (matched != null) {
                                details.add(new Detail(key, matched.around(EXCERPT)));
                            }
                        });
                        if (matchedIdentity == null && details.isEmpty()) {
                            return;
                        }
                        found.identity(rs.getString(3));
                        var title = matchedIdentity != null ? matchedIdentity : Highlighted.plain(identity);
                        var roomName = rs.getString(7);
                        var joined = instant(rs.getTimestamp(5));
                        var left = instant(rs.getTimestamp(6));
                        if (left == null && live != null && live.containsKey(rs.getString(2))) {
                            liveResults.add(new Result(title, "in " + numbers.shown(roomName) + (joined == null ? "" : ", joined " + Times.ago(joined, now)),
                                    details, Paths.room(roomName), joined));
                        } else {
                            pastResults.add(new Result(title, "in " + numbers.shown(roomName) + (joined == null ? "" : ", joined " + Times.exact(joined))
                                    + (left == null ? "" : ", left " + Times.exact(left)), details, Paths.roomHistory(rs.getString(2)), joined));
                        }
                    });
        }
        liveResults.sort(newestFirst());
        var liveGroup = live == null ? new Group("live-participants", "Live participants", List.of(), 0, false, null)
                : capped("live-participants", "Live participants", liveResults, hits.truncated(), cap, null);
        return new Participants(liveGroup, pastResults, hits.truncated());
    }

    private Group pastSessions(Query query, Map<String, Room> live, Participants participants, ShownNumbers numbers, int cap, Found found) {
        var results = new ArrayList<>(participants.past());
        var hits = lookUp(query, "room");
        var sids = List.copyOf(hits.byTarget().keySet());
        for (var from = 0; from < sids.size(); from += CHUNK) {
            jdbc.sql("SELECT room_sid, room_name, started_at, ended_at FROM room_session WHERE room_sid IN (:sids)")
                    .param("sids", sids.subList(from, Math.min(sids.size(), from + CHUNK)))
                    .query(rs -> {
                        if (rs.getTimestamp(4) == null && live != null && live.containsKey(rs.getString(1))) {
                            return;
                        }
                        var name = query.highlight(numbers.shown(rs.getString(2)));
                        if (name == null) {
                            return;
                        }
                        found.room(rs.getString(2));
                        var started = instant(rs.getTimestamp(3));
                        var ended = instant(rs.getTimestamp(4));
                        results.add(new Result(name, "room session" + (started == null ? "" : ", started " + Times.exact(started))
                                + (ended == null ? "" : ", ended " + Times.exact(ended)), List.of(), Paths.roomHistory(rs.getString(1)), started));
                    });
        }
        results.sort(newestFirst());
        return capped("past-sessions", "Past sessions", results, hits.truncated() || participants.truncated(), cap, null);
    }

    private Group staff(Query query, int cap) {
        var results = new ArrayList<Result>();
        jdbc.sql("SELECT username, display_name, role, enabled FROM staff_account ORDER BY username").query(rs -> {
            var username = query.highlight(rs.getString(1));
            var name = query.highlight(rs.getString(2));
            if (username == null && name == null) {
                return;
            }
            var details = name == null || rs.getString(2).equals(rs.getString(1)) ? List.<Detail>of() : List.of(new Detail("name", name));
            results.add(new Result(username != null ? username : Highlighted.plain(rs.getString(1)),
                    rs.getString(3) + (rs.getBoolean(4) ? "" : ", disabled"), details, "/users#account-" + rs.getString(1), null));
        });
        return capped("staff", "Staff accounts", results, false, cap, null);
    }

    /**
     * Records about the rooms and participants found above (room or participant equal to one of them), and those whose
     * room, participant or account starts with the query as typed or lower-cased: indexed columns only (V2, V19).
     */
    private Group audit(Query query, ShownNumbers numbers, Instant now, int cap, Found targets) {
        var found = new LinkedHashMap<Long, Result>();
        var truncated = false;
        var prefixes = new LinkedHashSet<String>(List.of(query.text(), Terms.lower(query.text())));
        var conditions = new ArrayList<Map.Entry<String, Object>>();
        for (var column : List.of("room", "participant", "account")) {
            for (var prefix : prefixes) {
                conditions.add(Map.entry(column + " LIKE :value ESCAPE '\\'", Text.likePrefix(prefix)));
            }
        }
        if (!targets.rooms().isEmpty()) {
            conditions.add(Map.entry("room IN (:value)", List.copyOf(targets.rooms())));
        }
        if (!targets.identities().isEmpty()) {
            conditions.add(Map.entry("participant IN (:value)", List.copyOf(targets.identities())));
        }
        for (var condition : conditions) {
            var rows = jdbc.sql("SELECT id, at, username, action, room, participant, account, outcome, batch_id FROM audit_record WHERE "
                    + condition.getKey() + " ORDER BY at DESC LIMIT " + (SCAN / 4))
                    .param("value", condition.getValue())
                    .query((rs, row) -> {
                        var room = rs.getString(5);
                        var participant = numbers.shown(rs.getString(6));
                        var account = rs.getString(7);
                        var title = room != null ? query.highlight(numbers.shown(room)) : null;
                        var details = new ArrayList<Detail>();
                        var matchedParticipant = query.highlight(participant);
                        if (matchedParticipant != null) {
                            details.add(new Detail("participant", matchedParticipant));
                        }
                        var matchedAccount = query.highlight(account);
                        if (matchedAccount != null) {
                            details.add(new Detail("account", matchedAccount));
                        }
                        if (title == null && details.isEmpty()) {
                            return null;
                        }
                        var at = instant(rs.getTimestamp(2));
                        var href = room != null ? "/audit" + new QueryString().add("room", room).page(1)
                                : rs.getString(9) != null ? "/audit" + new QueryString().add("batch", rs.getString(9)).page(1)
                                : "/audit" + new QueryString().add("user", rs.getString(3)).page(1);
                        var heading = title != null ? title : Highlighted.plain(room != null ? numbers.shown(room) : account != null ? account : participant);
                        var note = AuditAction.valueOf(rs.getString(4)).label() + " by " + rs.getString(3) + ", "
                                + AuditOutcome.valueOf(rs.getString(8)).label() + ", " + Times.ago(at, now);
                        return Map.entry(rs.getLong(1), new Result(heading, note, details, href, at));
                    }).list();
            truncated |= rows.size() == SCAN / 4;
            rows.stream().filter(Objects::nonNull).forEach(e -> found.putIfAbsent(e.getKey(), e.getValue()));
        }
        var results = new ArrayList<>(found.values());
        results.sort(newestFirst());
        return capped("audit", "Audit records", results, truncated, cap, null);
    }

    /** The index rows under each of the query's prefixes, one per room or participant session, newest kept. */
    private Hits lookUp(Query query, String kind) {
        var byTarget = new HashMap<String, Hit>();
        var truncated = false;
        for (var prefix : query.lookups()) {
            var rows = jdbc.sql("""
                    SELECT room_sid, participant_sid, at FROM search_term
                    WHERE term >= ? AND term < ? AND kind = ? ORDER BY term LIMIT ?""")
                    .params(prefix, Terms.successor(prefix), kind, SCAN)
                    .query((rs, row) -> new Hit(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)))).list();
            truncated |= rows.size() == SCAN;
            rows.forEach(hit -> byTarget.putIfAbsent("room".equals(kind) ? hit.roomSid() : hit.participantSid(), hit));
        }
        return new Hits(byTarget, truncated);
    }

    private static Group capped(String id, String heading, List<Result> results, boolean atLeast, int cap, String problem) {
        var shown = results.subList(0, Math.min(cap, results.size()));
        return new Group(id, heading, List.copyOf(shown), results.size() - shown.size(), atLeast, problem);
    }

    private static Comparator<Result> newestFirst() {
        return Comparator.comparing(Result::at, Comparator.nullsLast(Comparator.reverseOrder()));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

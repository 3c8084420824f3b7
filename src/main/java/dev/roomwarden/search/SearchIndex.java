package dev.roomwarden.search;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.roomwarden.display.Times;
import dev.roomwarden.history.InsertOnce;
import dev.roomwarden.history.OpenSessions;
import dev.roomwarden.history.ParticipantJoined;
import dev.roomwarden.history.ParticipantsListed;
import dev.roomwarden.input.Text;
import dev.roomwarden.live.WebhookReceived;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps search_term and participant_attribute (V19) up to date: a room's name when it starts, a participant's identity,
 * name and attributes when they join (from the participant_joined that history kept, whichever instance received it),
 * and their attributes again whenever Roomwarden lists a room's participants anyway. An attribute changed after
 * joining is found once Roomwarden next lists that room. Everything is in the database, which instances share.
 */
@Component
class SearchIndex {

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
    /** LiveKit's own attributes (agent state and the like): not what staff search for. */
    private static final String LIVEKIT_ATTRIBUTES = "lk.";
    private static final int MAX_KEY = 256;
    private static final int MAX_VALUE = 2000;
    /** Of a long attribute value only its start is indexed. */
    private static final int INDEXED_VALUE = 300;

    private final JdbcClient jdbc;
    private final InsertOnce insertOnce;
    private final OpenSessions openSessions;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SearchIndex(JdbcClient jdbc, InsertOnce insertOnce, OpenSessions openSessions, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.insertOnce = insertOnce;
        this.openSessions = openSessions;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * After history's retention (03:37 UTC) removed old sessions: their terms and attributes go too. Terms younger than
     * a day are left, in case their room_started was indexed just before history kept the room.
     */
    @Scheduled(cron = "${roomwarden.search.prune-cron:0 7 4 * * *}", zone = "UTC")
    int prune() {
        var terms = jdbc.sql("""
                DELETE FROM search_term WHERE at < ? AND NOT EXISTS (SELECT 1 FROM room_session r WHERE r.room_sid = search_term.room_sid)""")
                .param(Timestamp.from(clock.instant().minus(Duration.ofDays(1)))).update();
        var attributes = jdbc.sql("""
                DELETE FROM participant_attribute
                WHERE NOT EXISTS (SELECT 1 FROM participant_session p WHERE p.participant_sid = participant_attribute.participant_sid)""")
                .update();
        if (terms > 0 || attributes > 0) {
            log.info("Search: removed {} term(s) and {} attribute(s) of sessions history no longer keeps", terms, attributes);
        }
        return terms;
    }

    @EventListener
    void roomStarted(WebhookReceived received) {
        var event = received.event();
        if ("room_started".equals(event.getEvent())) {
            room(event.getRoom());
        }
    }

    /** After history kept the join: a failure here cannot be helped by LiveKit sending the webhook again, so it is logged. */
    @EventListener
    void joined(ParticipantJoined joined) {
        try {
            room(joined.room());
            participant(joined.room().getSid(), joined.participant());
        } catch (DataAccessException e) {
            log.warn("Could not keep participant {} for search: {}", joined.participant().getSid(), e.getMessage());
        }
    }

    /** Rewrites the participants whose attributes differ from those kept; never fails the page that listed them. */
    @EventListener
    void listed(ParticipantsListed listed) {
        try {
            var sids = listed.participants().stream().map(ParticipantInfo::getSid).toList();
            if (sids.isEmpty()) {
                return;
            }
            var kept = attributes(sids);
            // Only participants history has a session of: one not yet joined gets its terms when it does.
            var known = openSessions.knownParticipants(sids);
            for (var participant : listed.participants()) {
                if (known.contains(participant.getSid()) && !attributesOf(participant).equals(kept.getOrDefault(participant.getSid(), Map.of()))) {
                    participant(listed.roomSid(), participant);
                }
            }
        } catch (DataAccessException e) {
            log.warn("Could not keep the participants' attributes for search: {}", e.getMessage());
        }
    }

    /** The attributes kept for these participants, by sid. */
    Map<String, Map<String, String>> attributes(List<String> participantSids) {
        var all = new HashMap<String, Map<String, String>>();
        for (var from = 0; from < participantSids.size(); from += 500) {
            jdbc.sql("SELECT participant_sid, attr_key, attr_value FROM participant_attribute WHERE participant_sid IN (:sids)")
                    .param("sids", participantSids.subList(from, Math.min(participantSids.size(), from + 500)))
                    .query(rs -> {
                        all.computeIfAbsent(rs.getString(1), sid -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                    });
        }
        return all;
    }

    private static Map<String, String> attributesOf(ParticipantInfo participant) {
        var attributes = new TreeMap<String, String>();
        participant.getAttributesMap().forEach((key, value) -> {
            if (!key.startsWith(LIVEKIT_ATTRIBUTES) && !value.isEmpty()) {
                attributes.put(Text.cut(key, MAX_KEY), Text.cut(value, MAX_VALUE));
            }
        });
        return attributes;
    }

    /** The room's name, once per room session. */
    void room(Room room) {
        if (room.getSid().isEmpty() || room.getName().isEmpty()) {
            return;
        }
        var started = timestamp(room.getCreationTimeMs(), room.getCreationTime());
        for (var term : Terms.of(room.getName())) {
            insertOnce.insert("INSERT INTO search_term (term, kind, room_sid, participant_sid, at) VALUES (?, 'room', ?, '', ?)",
                    term, room.getSid(), started);
        }
    }

    /** LiveKit's time (milliseconds, or seconds from an older server) for a column; none when LiveKit gave none. */
    private static Timestamp timestamp(long millis, long seconds) {
        var epochMillis = Times.epochMillis(millis, seconds);
        return epochMillis > 0 ? new Timestamp(epochMillis) : null;
    }

    /** The participant's terms and attributes, replacing those kept. */
    void participant(String roomSid, ParticipantInfo participant) {
        if (roomSid.isEmpty() || participant.getSid().isEmpty() || participant.getIdentity().isEmpty()) {
            return;
        }
        var joined = timestamp(participant.getJoinedAtMs(), participant.getJoinedAt());
        var attributes = attributesOf(participant);
        Set<String> terms = new LinkedHashSet<>(Terms.of(participant.getIdentity()));
        terms.addAll(Terms.of(participant.getName()));
        attributes.values().forEach(value -> terms.addAll(Terms.of(Text.cut(value, INDEXED_VALUE))));
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM search_term WHERE room_sid = ? AND participant_sid = ?").params(roomSid, participant.getSid()).update();
            jdbc.sql("DELETE FROM participant_attribute WHERE participant_sid = ?").param(participant.getSid()).update();
            for (var term : terms) {
                insertOnce.insert("INSERT INTO search_term (term, kind, room_sid, participant_sid, at) VALUES (?, 'participant', ?, ?, ?)",
                        term, roomSid, participant.getSid(), joined);
            }
            attributes.forEach((key, value) -> insertOnce.insert(
                    "INSERT INTO participant_attribute (participant_sid, attr_key, attr_value) VALUES (?, ?, ?)",
                    participant.getSid(), key, value));
        });
    }
}

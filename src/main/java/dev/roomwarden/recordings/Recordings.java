package dev.roomwarden.recordings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.history.InsertOnce;
import dev.roomwarden.input.Text;
import dev.roomwarden.live.WebhookReceived;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every egress Roomwarden has seen, from egress webhooks and ListEgress answers, kept after LiveKit forgets it (24 h
 * after its end). Each egress is one row, whichever instance saw it first; a state older than the one kept (an answer
 * or a webhook late on its way) changes nothing, by LiveKit's own updated_at.
 */
@Repository
class Recordings {

    static final int MAX_ID = 64;
    static final int MAX_ROOM = 256;
    /** LiveKit's clock and Roomwarden's may differ: who started an egress is looked for this far around its start. */
    static final Duration STARTED_BY_WINDOW = Duration.ofHours(1);
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final int IN_CHUNK = 100;

    private final JdbcClient jdbc;
    private final InsertOnce insertOnce;
    private final AuditLog auditLog;
    private final LiveKitGateway livekit;
    private final Clock clock;

    Recordings(JdbcClient jdbc, InsertOnce insertOnce, AuditLog auditLog, LiveKitGateway livekit, Clock clock) {
        this.jdbc = jdbc;
        this.insertOnce = insertOnce;
        this.auditLog = auditLog;
        this.livekit = livekit;
        this.clock = clock;
    }

    /** One kept egress, and who started it from Roomwarden once that is known (null: not found, or outside Roomwarden). */
    record Kept(EgressInfo egress, String startedBy, String startedByRole) {
    }

    /** A page of kept egresses, and whether there are more after it. */
    record KeptPage(List<Kept> recordings, boolean hasNext) {
    }

    /** An egress webhook carries the egress as the worker has it now. A database failure fails the webhook, so LiveKit sends it again. */
    @EventListener
    void received(WebhookReceived received) {
        var event = received.event();
        if (event.hasEgressInfo() && !event.getEgressInfo().getEgressId().isEmpty()) {
            remember(List.of(event.getEgressInfo()));
            livekit.egressChanged();
        }
    }

    /** Keeps each egress that is new, or newer than the state kept of it. */
    void remember(List<EgressInfo> egresses) {
        var known = updatedNanos(egresses.stream().map(EgressInfo::getEgressId).filter(id -> !id.isEmpty() && id.length() <= MAX_ID).toList());
        for (var egress : egresses) {
            var id = egress.getEgressId();
            if (id.isEmpty() || id.length() > MAX_ID) {
                continue;
            }
            var kept = known.get(id);
            if (kept == null) {
                if (!insert(egress)) {
                    // Another instance (or webhook) kept it a moment ago: keep this one if it is newer.
                    update(egress);
                }
            } else if (egress.getUpdatedAt() > kept) {
                update(egress);
            }
        }
    }

    private Map<String, Long> updatedNanos(List<String> ids) {
        var known = new HashMap<String, Long>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            var chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            var marks = String.join(",", chunk.stream().map(id -> "?").toList());
            jdbc.sql("SELECT egress_id, updated_nanos FROM recording WHERE egress_id IN (" + marks + ")").params(chunk)
                    .query(rs -> {
                        known.put(rs.getString("egress_id"), rs.getLong("updated_nanos"));
                    });
        }
        return known;
    }

    private boolean insert(EgressInfo egress) {
        return insertOnce.insert("""
                INSERT INTO recording (egress_id, room_name, status, active, started_at, updated_nanos, egress_json)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", egress.getEgressId(), Text.cut(egress.getRoomName(), MAX_ROOM),
                egress.getStatus().name(), active(egress.getStatus()), Timestamp.from(startedAt(egress)), egress.getUpdatedAt(),
                json(egress));
    }

    private void update(EgressInfo egress) {
        // The start kept first stays: the date filters and the order do not move a recording once listed.
        jdbc.sql("""
                UPDATE recording SET room_name = ?, status = ?, active = ?, updated_nanos = ?, egress_json = ?
                WHERE egress_id = ? AND updated_nanos < ?""")
                .params(Text.cut(egress.getRoomName(), MAX_ROOM), egress.getStatus().name(), active(egress.getStatus()),
                        egress.getUpdatedAt(), json(egress), egress.getEgressId(), egress.getUpdatedAt())
                .update();
    }

    /** The kept egresses the filter selects: those not ended first, then the ended ones, each newest first. */
    KeptPage search(RecordingFilter filter) {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        if (filter.room() != null) {
            where.add("room_name LIKE ? ESCAPE '\\'");
            params.add(Text.likePrefix(filter.room()));
        }
        if (filter.status() != null) {
            if (filter.status() == RecordingFilter.Status.ACTIVE) {
                where.add("active = TRUE");
            } else {
                where.add("status = ?");
                params.add(filter.status().egressStatus().name());
            }
        }
        if (filter.from() != null) {
            where.add("started_at >= ?");
            params.add(Timestamp.from(filter.fromInstant()));
        }
        if (filter.to() != null) {
            where.add("started_at < ?");
            params.add(Timestamp.from(filter.toInstantExclusive()));
        }
        var sql = "SELECT * FROM recording" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY active DESC, started_at DESC, egress_id DESC LIMIT " + (RecordingFilter.PAGE_SIZE + 1)
                + " OFFSET " + (filter.page() - 1) * RecordingFilter.PAGE_SIZE;
        var rows = jdbc.sql(sql).params(params).query(Recordings::map).list();
        var more = rows.size() > RecordingFilter.PAGE_SIZE;
        var page = more ? rows.subList(0, RecordingFilter.PAGE_SIZE) : rows;
        return new KeptPage(page.stream().map(this::withStartedBy).toList(), more);
    }

    /**
     * Who started it, from the START_RECORDING audit record whose detail begins with its egress id; kept with the
     * egress once found, so that it outlives the audit log's retention.
     */
    private Kept withStartedBy(Kept kept) {
        if (kept.startedBy() != null) {
            return kept;
        }
        var egress = kept.egress();
        var around = startedAt(egress);
        var record = auditLog.firstWithDetail(AuditAction.START_RECORDING, egress.getEgressId(),
                around.minus(STARTED_BY_WINDOW), around.plus(STARTED_BY_WINDOW));
        if (record.isEmpty()) {
            return kept;
        }
        var who = record.get();
        jdbc.sql("UPDATE recording SET started_by = ?, started_by_role = ? WHERE egress_id = ?")
                .params(who.username(), who.role(), egress.getEgressId()).update();
        return new Kept(egress, who.username(), who.role());
    }

    private static Kept map(ResultSet rs, int row) throws SQLException {
        var egress = EgressInfo.newBuilder();
        try {
            PARSER.merge(rs.getString("egress_json"), egress);
        } catch (InvalidProtocolBufferException e) {
            // Written by this class from LiveKit's own message; a row that cannot be read still shows its id and status.
            egress.setEgressId(rs.getString("egress_id")).setRoomName(rs.getString("room_name"))
                    .setStatus(EgressStatus.valueOf(rs.getString("status")));
        }
        return new Kept(egress.build(), rs.getString("started_by"), rs.getString("started_by_role"));
    }

    private Instant startedAt(EgressInfo egress) {
        var nanos = egress.getStartedAt() > 0 ? egress.getStartedAt() : egress.getUpdatedAt();
        return nanos > 0 ? Instant.ofEpochSecond(0, nanos) : clock.instant();
    }

    static boolean active(EgressStatus status) {
        return status == EgressStatus.EGRESS_STARTING || status == EgressStatus.EGRESS_ACTIVE || status == EgressStatus.EGRESS_ENDING;
    }

    private static String json(EgressInfo egress) {
        try {
            return JSON.print(egress);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("An EgressInfo could not be written as JSON", e);
        }
    }
}

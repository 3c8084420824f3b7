package dev.roomwarden.history;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Demo mode only (no LIVEKIT_URL, the simulation on): a made-up past week of a support desk in an empty history, so
 * that the overview's charts show what they are for. Room and participant sessions, hand-overs and staff removals,
 * busiest in office hours (UTC); their rooms have no timeline events. Never with a real LiveKit, never over real history.
 */
@Component
class DemoPastWeek {

    private static final Logger log = LoggerFactory.getLogger(DemoPastWeek.class);
    static final Duration WEEK = Duration.ofDays(7);
    /** Rooms started per hour of the day (UTC) on a weekday; a weekend has a third. */
    private static final int[] ROOMS_PER_HOUR = {1, 1, 0, 0, 1, 1, 2, 4, 7, 9, 10, 9, 7, 8, 9, 9, 8, 6, 4, 3, 2, 2, 1, 1};

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final boolean demo;
    private final boolean simulation;

    DemoPastWeek(JdbcTemplate jdbc, Clock clock, @Value("#{'${roomwarden.livekit.url:}'.isBlank()}") boolean demo,
            @Value("${roomwarden.emulator.simulation.enabled:true}") boolean simulation) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.demo = demo;
        this.simulation = simulation;
    }

    /** Before the simulation's first rooms (they start when the application is ready), while history is still empty. */
    @EventListener(ApplicationStartedEvent.class)
    void seedAnEmptyDemoHistory() {
        if (!demo || !simulation || jdbc.queryForObject("SELECT COUNT(*) FROM room_session", Long.class) > 0) {
            return;
        }
        var rooms = seed(clock.instant(), new Random(7));
        log.info("Demo mode: history was empty, so it now holds a made-up past week ({} room sessions) for the overview's charts.", rooms);
    }

    /** Fills the week before {@code now} (until 10 minutes before it); answers how many room sessions. */
    int seed(Instant now, Random random) {
        var end = now.minus(Duration.ofMinutes(10));
        var rooms = new ArrayList<Object[]>();
        var participants = new ArrayList<Object[]>();
        var handOvers = new ArrayList<Object[]>();
        var removals = new ArrayList<Object[]>();
        var hour = now.minus(WEEK).truncatedTo(ChronoUnit.HOURS);
        var n = 0;
        for (; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
            var time = hour.atZone(ZoneOffset.UTC);
            var weekend = time.getDayOfWeek().getValue() >= 6;
            var expected = ROOMS_PER_HOUR[time.getHour()] / (weekend ? 3.0 : 1.0);
            var count = (int) Math.round(expected * (0.6 + 0.8 * random.nextDouble()));
            for (int i = 0; i < count; i++) {
                var started = hour.plusSeconds(random.nextInt(3600));
                // Most chats last 4 to 20 minutes, a few much longer.
                var length = Duration.ofSeconds(Math.min(3 * 3600, (long) (60 * Math.exp(2.4 + 0.75 * random.nextGaussian()))));
                var ended = started.plus(length);
                if (!ended.isBefore(end)) {
                    continue;
                }
                var ticket = String.format(Locale.ROOT, "%05d", 10_000 + random.nextInt(90_000));
                var sid = "RM_demo" + ticket + n++;
                var agent = random.nextInt(3) > 0;
                var staff = !agent || random.nextInt(4) == 0;
                rooms.add(new Object[] {sid, "support-" + ticket, ts(started), ts(ended), 1 + (agent ? 1 : 0) + (staff ? 1 : 0), agent, false});
                participants.add(participant(sid, "customer-" + ticket, "Customer " + ticket, "STANDARD", started.plusSeconds(2), ended,
                        "CLIENT_INITIATED"));
                if (agent) {
                    var agentLeft = staff ? started.plus(length.multipliedBy(2).dividedBy(5)) : ended;
                    participants.add(participant(sid, "agent-ava-" + ticket, "Ava (voice agent)", "AGENT", started.plusSeconds(3),
                            agentLeft, staff ? "CLIENT_INITIATED" : "ROOM_DELETED"));
                    if (staff) {
                        // The person took over from the agent: a hand-over, now and then one that failed.
                        var failed = random.nextInt(12) == 0;
                        var at = agentLeft.minusSeconds(4);
                        handOvers.add(new Object[] {UUID.randomUUID().toString(), "support-" + ticket, "agent-ava-" + ticket, "moderator",
                                failed ? "FAILED" : "LEFT", failed ? "Asking the agent to hand over" : "Done", ts(at), ts(at.plusSeconds(3))});
                    }
                }
                if (staff) {
                    var joined = agent ? started.plus(length.multipliedBy(2).dividedBy(5)).minusSeconds(10) : started.plusSeconds(20);
                    participants.add(participant(sid, "staff-" + (1 + random.nextInt(6)) + "-" + ticket, "Support staff", "STANDARD",
                            joined, ended.minusSeconds(1), "CLIENT_INITIATED"));
                }
                if (random.nextInt(40) == 0) {
                    removals.add(new Object[] {ts(started.plus(length.dividedBy(2))), "support-" + ticket, sid, "customer-" + ticket});
                }
            }
        }
        jdbc.batchUpdate("INSERT INTO room_session (room_sid, room_name, started_at, ended_at, peak_participants, had_agent, had_sip)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", rooms);
        jdbc.batchUpdate("INSERT INTO participant_session (participant_sid, room_sid, identity, name, kind, joined_at, left_at,"
                + " disconnect_reason, tracks_published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)", participants);
        jdbc.batchUpdate("INSERT INTO hand_over (id, room, participant, username, state, progress, started_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", handOvers);
        jdbc.batchUpdate("INSERT INTO audit_record (at, username, role, action, room, room_sid, participant, reason, outcome)"
                + " VALUES (?, 'moderator', 'MODERATOR', 'REMOVE_PARTICIPANT', ?, ?, ?, 'Demo: abusive language', 'DONE')", removals);
        return rooms.size();
    }

    /** Its sid from the room's and the identity's (unique within the room). */
    private static Object[] participant(String roomSid, String identity, String name, String kind, Instant joined, Instant left,
            String reason) {
        return new Object[] {"PA_" + roomSid.substring(3) + "_" + identity.substring(0, identity.indexOf('-')), roomSid, identity, name, kind,
                ts(joined), ts(left), reason};
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}

package dev.roomwarden.alerts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.roomwarden.display.Paths;
import dev.roomwarden.display.Times;
import dev.roomwarden.history.InsertOnce;
import dev.roomwarden.input.Text;
import dev.roomwarden.live.WebhookActivity;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.overview.AttentionRule;
import dev.roomwarden.overview.AttentionSetting;
import dev.roomwarden.overview.AttentionSettings;
import dev.roomwarden.overview.NeedsAttention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Alerts, evaluated on the server on a timer of their own: the overview's items (acknowledged ones left out) and
 * LiveKit's two rules, of the rules that notify, compared with the open alerts in the database. The database decides
 * which instance notifies: an item's open row is inserted once (the instance whose INSERT wins sends the firing
 * notice) and closed once (the instance whose UPDATE closes it sends the resolved one), so each item is notified once
 * per cluster until it clears. Nothing is evaluated while no target is enabled (and LiveKit is not asked).
 */
@Component
class AlertEvaluator implements DisposableBean {

    /** The open row's key for the rules about LiveKit: one such alert at a time, whichever instance saw it. */
    static final String LIVEKIT_KEY = AttentionRule.LIVEKIT_UNREACHABLE.name();
    static final String WEBHOOK_KEY = AttentionRule.NO_WEBHOOK.name();
    static final Duration KEPT = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    /** Something that should be notified now. */
    record Wanted(String key, String itemKey, AttentionRule rule, String room, String text, Instant since) {
    }

    /** What one evaluation did (tests). */
    record Result(List<String> fired, List<String> resolved) {
    }

    private record Open(long id, String key, AttentionRule rule, String room, String text, Instant since, Instant firedAt) {
    }

    private final NeedsAttention attention;
    private final AttentionSettings settings;
    private final LiveKitGateway livekit;
    private final WebhookActivity webhooks;
    private final AlertTargets targets;
    private final Notifier notifier;
    private final InsertOnce insertOnce;
    private final JdbcClient jdbc;
    private final AlertsProperties properties;
    private final Clock clock;
    private final Instant startedAt;
    private ScheduledExecutorService timer;
    private Instant prunedAt = Instant.EPOCH;

    @Autowired
    AlertEvaluator(NeedsAttention attention, AttentionSettings settings, LiveKitGateway livekit, WebhookActivity webhooks,
            AlertTargets targets, Notifier notifier, InsertOnce insertOnce, JdbcClient jdbc, AlertsProperties properties,
            Clock clock) {
        this.attention = attention;
        this.settings = settings;
        this.livekit = livekit;
        this.webhooks = webhooks;
        this.targets = targets;
        this.notifier = notifier;
        this.insertOnce = insertOnce;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** Another instance on the same beans, with its own clock: what a second Roomwarden on the same database does (tests). */
    AlertEvaluator withClock(Clock other) {
        return new AlertEvaluator(attention, settings, livekit, webhooks, targets, notifier, insertOnce, jdbc, properties, other);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        var interval = properties.evaluateInterval();
        if (interval == null || interval.isZero() || interval.isNegative() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "alerts");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::scheduled, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduled() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            // The database: nothing was claimed, the next round tries again.
            log.warn("Evaluating alerts failed: {}", e.toString());
        }
    }

    /** Evaluates once: fires what is new, resolves what cleared, each only if this instance's claim wins. */
    synchronized Result evaluate() {
        var enabled = targets.enabled();
        if (enabled.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        var now = clock.instant();
        var rules = settings.all();
        var wanted = new LinkedHashMap<String, Wanted>();
        // Open alerts of these keys stay open: this instance cannot tell now.
        var undecided = new HashSet<String>();
        var snapshot = attention.evaluatedAt();
        if (snapshot != null) {
            for (var item : attention.current()) {
                var setting = rules.get(item.rule());
                if (setting.enabled() && setting.notifies()) {
                    wanted.put(item.key(), new Wanted(item.key(), item.key(), item.rule(), item.room(), item.text(), item.since()));
                }
            }
        }
        liveKitUnreachable(rules.get(AttentionRule.LIVEKIT_UNREACHABLE), now, wanted, undecided);
        noWebhook(rules.get(AttentionRule.NO_WEBHOOK), now, wanted, undecided);

        var open = open();
        var openKeys = new HashSet<String>();
        open.forEach(alert -> openKeys.add(alert.key()));
        var fired = new ArrayList<String>();
        for (var item : wanted.values()) {
            if (!openKeys.contains(item.key()) && fire(item, now, enabled)) {
                fired.add(item.key());
            }
        }
        var resolved = new ArrayList<String>();
        for (var alert : open) {
            if (wanted.containsKey(alert.key()) || undecided.contains(alert.key())) {
                continue;
            }
            // An overview item is resolved only on a view of the database newer than its firing: another instance's
            // older view does not have it yet.
            if (alert.rule().aboutARoom() && (snapshot == null || !snapshot.isAfter(alert.firedAt()))) {
                continue;
            }
            if (resolve(alert, resolution(alert, rules), now, enabled)) {
                resolved.add(alert.key());
            }
        }
        prune(now);
        return new Result(fired, resolved);
    }

    private void liveKitUnreachable(AttentionSetting setting, Instant now, Map<String, Wanted> wanted, Set<String> undecided) {
        if (!setting.enabled() || !setting.notifies()) {
            return;
        }
        try {
            // Past the cache, so that a LiveKit nobody is asking is still checked.
            livekit.checkReachable();
        } catch (LiveKitException e) {
            // The breaker has it: status() says since when.
        }
        var status = livekit.status();
        if (status.answering()) {
            return;
        }
        if (now.isBefore(status.notAnsweringSince().plus(setting.duration()))) {
            undecided.add(LIVEKIT_KEY);
            return;
        }
        var host = livekit.connection().displayHost();
        var why = status.why() == null ? "" : " " + status.why().describe(host);
        wanted.put(LIVEKIT_KEY, new Wanted(LIVEKIT_KEY, LIVEKIT_KEY + "|" + status.notAnsweringSince().getEpochSecond(),
                AttentionRule.LIVEKIT_UNREACHABLE, null, "LiveKit at " + host + " has not answered Roomwarden for more than "
                        + setting.thresholdWords() + "." + why, status.notAnsweringSince()));
    }

    private void noWebhook(AttentionSetting setting, Instant now, Map<String, Wanted> wanted, Set<String> undecided) {
        if (!setting.enabled() || !setting.notifies()) {
            return;
        }
        int live;
        try {
            live = livekit.listRooms().size();
        } catch (LiveKitException e) {
            undecided.add(WEBHOOK_KEY);
            return;
        }
        var last = webhooks.lastWebhook();
        var since = last == null || last.isBefore(startedAt) ? startedAt : last;
        if (live == 0 || now.isBefore(since.plus(setting.duration()))) {
            return;
        }
        wanted.put(WEBHOOK_KEY, new Wanted(WEBHOOK_KEY, WEBHOOK_KEY + "|" + since.getEpochSecond(), AttentionRule.NO_WEBHOOK, null,
                "No webhook from LiveKit for more than " + setting.thresholdWords() + " ("
                        + (last == null ? "none since this Roomwarden started at " + Times.exact(startedAt) : "the last at " + Times.exact(last))
                        + ") while " + live + (live == 1 ? " room is" : " rooms are") + " live: pages are polling, and history "
                        + "records only what polling sees. Check LiveKit's webhook settings (docs/deploy.md).", since));
    }

    private List<Open> open() {
        return jdbc.sql("SELECT id, open_key, rule, room_name, text, since, fired_at FROM alert WHERE open_key IS NOT NULL")
                .query((rs, row) -> {
                    AttentionRule rule;
                    try {
                        rule = AttentionRule.valueOf(rs.getString(3));
                    } catch (IllegalArgumentException e) {
                        // A rule a later version added: that version resolves it.
                        return null;
                    }
                    return new Open(rs.getLong(1), rs.getString(2), rule, rs.getString(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
                }).list().stream().filter(java.util.Objects::nonNull).toList();
    }

    private boolean fire(Wanted item, Instant now, List<AlertTarget> enabled) {
        var text = Text.cut(item.text(), 1000);
        if (!insertOnce.insert("INSERT INTO alert (open_key, item_key, rule, room_name, text, since, fired_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                item.key(), item.itemKey(), item.rule().name(), Text.cut(item.room(), 256), text, Timestamp.from(item.since()),
                Timestamp.from(now))) {
            return false;
        }
        var id = jdbc.sql("SELECT id FROM alert WHERE open_key = ?").param(item.key()).query(Long.class).single();
        notifier.notify(enabled, new Notice(Notice.Type.FIRING, id, item.rule(), item.room(), text, item.since(), link(item.rule(),
                item.room()), null, 0));
        return true;
    }

    private boolean resolve(Open alert, String resolution, Instant now, List<AlertTarget> enabled) {
        var closed = jdbc.sql("UPDATE alert SET open_key = NULL, resolved_at = ?, resolution = ? WHERE id = ? AND open_key IS NOT NULL")
                .params(Timestamp.from(now), Text.cut(resolution, 300), alert.id()).update() == 1;
        if (closed) {
            notifier.notify(enabled, new Notice(Notice.Type.RESOLVED, alert.id(), alert.rule(), alert.room(), alert.text(), alert.since(),
                    link(alert.rule(), alert.room()), resolution, 0));
        }
        return closed;
    }

    /** Why it is no longer wanted: acknowledged (by whom), its rule switched off, or cleared. */
    private String resolution(Open alert, Map<AttentionRule, AttentionSetting> rules) {
        var setting = rules.get(alert.rule());
        if (!setting.enabled()) {
            return "the rule was switched off at /alerts";
        }
        if (!setting.notifies()) {
            return "the rule no longer notifies (changed at /alerts)";
        }
        return switch (alert.rule()) {
            case LIVEKIT_UNREACHABLE -> "LiveKit answers again";
            case NO_WEBHOOK -> "webhooks arrive again, or no room is live";
            default -> jdbc.sql("SELECT acknowledged_by FROM attention_ack WHERE item_key = ?").param(alert.key()).query(String.class)
                    .optional().map(by -> "acknowledged by " + by).orElse("cleared");
        };
    }

    private String link(AttentionRule rule, String room) {
        return properties.linkBaseUrl() + (room == null ? "/overview" : Paths.room(room));
    }

    private void prune(Instant now) {
        if (now.isBefore(prunedAt.plus(Duration.ofHours(1)))) {
            return;
        }
        prunedAt = now;
        var cutoff = Timestamp.from(now.minus(KEPT));
        jdbc.sql("DELETE FROM alert_delivery WHERE created_at < ?").param(cutoff).update();
        jdbc.sql("DELETE FROM alert WHERE open_key IS NULL AND resolved_at < ?").param(cutoff).update();
    }

    @Override
    public void destroy() throws InterruptedException {
        if (timer != null) {
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}

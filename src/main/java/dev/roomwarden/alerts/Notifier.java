package dev.roomwarden.alerts;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Hands notices to their targets off the evaluating thread, on two threads of its own, so that a slow target never holds
 * up evaluation or another target: each notice is claimed in the database (the rate limit), sent, tried again after a
 * growing pause while the failure may pass (a timeout, a 5xx), and its outcome recorded. A failure never stops the
 * other targets.
 */
@Component
class Notifier implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final Deliveries deliveries;
    private final AlertSender sender;
    private final AlertsProperties properties;
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, task -> {
        var thread = new Thread(task, "alert-delivery");
        thread.setDaemon(true);
        return thread;
    });

    Notifier(Deliveries deliveries, AlertSender sender, AlertsProperties properties) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.properties = properties;
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Claims the notice for each target now, then sends it in the background. */
    void notify(List<AlertTarget> targets, Notice notice) {
        for (var target : targets) {
            try {
                var claim = deliveries.claim(target, notice);
                if (claim.id() == null || claim.rateLimited()) {
                    continue;
                }
                var held = notice.heldBack(claim.heldBack());
                pending.incrementAndGet();
                try {
                    executor.execute(() -> attempt(target, held, claim.id(), 1));
                } catch (RejectedExecutionException e) {
                    pending.decrementAndGet();
                    deliveries.finish(claim.id(), AlertSender.Outcome.failed("Roomwarden was shutting down; not sent.", false), 0);
                }
            } catch (RuntimeException e) {
                // The database: this target misses the notice; the others still get it.
                log.warn("Could not record an alert for target {}: {}", target.id(), e.toString());
            }
        }
    }

    private void attempt(AlertTarget target, Notice notice, long deliveryId, int attempt) {
        var requeued = false;
        try {
            var outcome = sendSafely(target, notice);
            if (!outcome.delivered() && outcome.retryable() && attempt <= properties.retries()) {
                var pause = properties.retryBackoff().multipliedBy(1L << (attempt - 1));
                executor.schedule(() -> attempt(target, notice, deliveryId, attempt + 1), pause.toMillis(), TimeUnit.MILLISECONDS);
                requeued = true;
                return;
            }
            deliveries.finish(deliveryId, outcome, attempt);
        } catch (RejectedExecutionException e) {
            deliveries.finish(deliveryId, AlertSender.Outcome.failed("Roomwarden was shutting down before trying again.", false), attempt);
        } catch (RuntimeException e) {
            log.warn("Could not record the outcome of alert delivery {}: {}", deliveryId, e.toString());
        } finally {
            if (!requeued) {
                pending.decrementAndGet();
            }
        }
    }

    private AlertSender.Outcome sendSafely(AlertTarget target, Notice notice) {
        try {
            return sender.send(target, notice);
        } catch (RuntimeException e) {
            // Never the target's address: the exception's class only.
            return AlertSender.Outcome.failed("Sending failed inside Roomwarden (" + e.getClass().getSimpleName() + ").", false);
        }
    }

    /** "Send test": one try, recorded like any delivery, its outcome awaited. */
    AlertSender.Outcome sendTest(AlertTarget target, Notice notice) {
        var claim = deliveries.claim(target, notice);
        if (claim.id() == null) {
            return AlertSender.Outcome.failed("The target was deleted meanwhile.", false);
        }
        var outcome = CompletableFuture.supplyAsync(() -> sendSafely(target, notice), executor).join();
        deliveries.finish(claim.id(), outcome, 1);
        return outcome;
    }

    /** Whether every notice handed over so far has its outcome, waiting at most this long (tests). */
    boolean awaitIdle(java.time.Duration wait) throws InterruptedException {
        var deadline = System.nanoTime() + wait.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return pending.get() == 0;
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}

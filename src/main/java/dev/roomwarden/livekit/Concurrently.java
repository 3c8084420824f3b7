package dev.roomwarden.livekit;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.MDC;

/**
 * Reads that a page needs together, started at once so that their calls to LiveKit overlap: the page waits for
 * the slowest instead of the sum. The request's log context and the page's {@link StaleAnswers} scope go with
 * each. A small pool of daemon threads with no queue: when every thread is busy, the page's own thread makes the
 * call, as it did before, rather than waiting for one; idle threads end.
 */
public final class Concurrently {

    /** Up to this many calls at the same time from all pages (each page asks two alongside its own). */
    private static final int THREADS = 16;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ThreadPoolExecutor CALLS = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                var thread = new Thread(task, "livekit-call-" + NAMES.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    static {
        CALLS.allowCoreThreadTimeOut(true);
    }

    private Concurrently() {
    }

    public static <T> CompletableFuture<T> read(Supplier<T> reads) {
        var logContext = MDC.getCopyOfContextMap();
        var scoped = StaleAnswers.carried(reads);
        return CompletableFuture.supplyAsync(() -> {
            var before = MDC.getCopyOfContextMap();
            setLogContext(logContext);
            try {
                return scoped.get();
            } finally {
                setLogContext(before);
            }
        }, CALLS);
    }

    private static void setLogContext(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}

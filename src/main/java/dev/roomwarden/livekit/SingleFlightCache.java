package dev.roomwarden.livekit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers from LiveKit, shared: callers asking for the same thing while it is being fetched wait for
 * that one call, and its answer is reused for {@code ttl}. Failures are shared by the callers already
 * waiting but not kept, so the next caller tries again. Apart from that, the last answer to each question is
 * kept ({@link #lastSeen}), whatever the cache time and invalidations, for pages to show while LiveKit is not
 * answering; the {@value #LAST_SEEN} most recently answered questions, so that rooms long gone do not pile up.
 */
final class SingleFlightCache {

    private static final class Entry {
        final CompletableFuture<Object> answer = new CompletableFuture<>();
        volatile Instant answeredAt;
    }

    /** A question's last answer and when it was had. */
    record Seen(Object value, Instant at) {
    }

    static final int LAST_SEEN = 512;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Seen> lastSeen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > LAST_SEEN;
        }
    };
    private final Duration ttl;
    private final Clock clock;

    SingleFlightCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> fetch) {
        while (true) {
            var current = entries.get(key);
            if (current != null && (!current.answer.isDone() || fresh(current))) {
                return (T) await(current);
            }
            var mine = new Entry();
            var won = current == null ? entries.putIfAbsent(key, mine) == null : entries.replace(key, current, mine);
            if (!won) {
                continue;
            }
            try {
                var value = fetch.get();
                mine.answeredAt = clock.instant();
                synchronized (lastSeen) {
                    lastSeen.put(key, new Seen(value, mine.answeredAt));
                }
                mine.answer.complete(value);
                return value;
            } catch (RuntimeException e) {
                entries.remove(key, mine);
                mine.answer.completeExceptionally(e);
                throw e;
            }
        }
    }

    void invalidate(String key) {
        entries.remove(key);
    }

    /** Forgets the answers to every question whose key starts with {@code prefix} (e.g. each room's list of one kind). */
    void invalidatePrefix(String prefix) {
        entries.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** The last answer had to this question, however old, or null. */
    Seen lastSeen(String key) {
        synchronized (lastSeen) {
            return lastSeen.get(key);
        }
    }

    /** Forgets every answer, the last seen ones too. */
    void clear() {
        entries.clear();
        synchronized (lastSeen) {
            lastSeen.clear();
        }
    }

    private boolean fresh(Entry entry) {
        var at = entry.answeredAt;
        return at != null && !entry.answer.isCompletedExceptionally() && clock.instant().isBefore(at.plus(ttl));
    }

    private static Object await(Entry entry) {
        try {
            return entry.answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}

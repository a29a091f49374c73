package dev.vigil.gateway.security;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Slows credential guessing down: failed log-ins (MQTT CONNECT with a wrong token, CoAP 4.01) are
 * counted per source address, and an address that fails {@code maxFailures} times within
 * {@code windowMs} is refused outright for {@code blockMs}, whatever it presents. Shared by every
 * adapter; thread-safe; the table of addresses is bounded (oldest entries are dropped first).
 */
public final class AuthGuard {
    private static final int MAX_ADDRESSES = 100_000;

    private final AuthGuardConfig config;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder blocks = new LongAdder();

    /** Failures of one address within the window, and the end of its block (0: not blocked). */
    private static final class Entry {
        final ArrayDeque<Long> failures = new ArrayDeque<>();
        long blockedUntil;
        long lastSeen;
    }

    public AuthGuard(AuthGuardConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A guard on the wall clock. */
    public AuthGuard(AuthGuardConfig config) {
        this(config, System::currentTimeMillis);
    }

    /** Milliseconds the address stays blocked, or 0 when it may try. */
    public long blockedFor(String address) {
        if (!config.enabled()) return 0;
        Entry e = entries.get(address);
        if (e == null) return 0;
        synchronized (e) {
            long left = e.blockedUntil - clock.getAsLong();
            return Math.max(0, left);
        }
    }

    /**
     * Records a failed log-in from {@code address}.
     *
     * @return true when this failure started a block of the address
     */
    public boolean failed(String address) {
        if (!config.enabled()) return false;
        long now = clock.getAsLong();
        if (entries.size() >= MAX_ADDRESSES) evictOldest();
        Entry e = entries.computeIfAbsent(address, a -> new Entry());
        synchronized (e) {
            e.lastSeen = now;
            while (!e.failures.isEmpty() && e.failures.peekFirst() <= now - config.windowMs()) e.failures.pollFirst();
            e.failures.addLast(now);
            if (e.failures.size() >= config.maxFailures() && e.blockedUntil <= now) {
                e.blockedUntil = now + config.blockMs();
                e.failures.clear();
                blocks.increment();
                return true;
            }
            return false;
        }
    }

    /** Addresses blocked now. */
    public int blockedAddresses() {
        long now = clock.getAsLong();
        int n = 0;
        for (Entry e : entries.values()) {
            synchronized (e) {
                if (e.blockedUntil > now) n++;
            }
        }
        return n;
    }

    /** Blocks started since start-up. */
    public long blocksStarted() {
        return blocks.sum();
    }

    public AuthGuardConfig config() {
        return config;
    }

    private void evictOldest() {
        long now = clock.getAsLong();
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Entry e = it.next().getValue();
            synchronized (e) {
                if (e.blockedUntil <= now && e.lastSeen <= now - config.windowMs()) it.remove();
            }
        }
        if (entries.size() >= MAX_ADDRESSES) entries.clear(); // a flood of distinct addresses: start over rather than grow
    }
}

package dev.vigil.gateway.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Server-side sessions, in memory: a random id (the cookie), the user's name, a CSRF token, and
 * when it was made and last used. A session ends when unused for {@code idleMs}, {@code maxMs} after
 * log-in, at log-out, or when the gateway restarts. At most {@link #MAX} live sessions.
 */
final class Sessions {
    static final int MAX = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One session. */
    static final class Session {
        final String id;
        final String user;
        final String csrf;
        final long created;
        volatile long lastSeen;

        Session(String id, String user, String csrf, long created) {
            this.id = id;
            this.user = user;
            this.csrf = csrf;
            this.created = created;
            this.lastSeen = created;
        }

        boolean csrfMatches(String header) {
            return header != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final long idleMs;
    private final long maxMs;
    private final LongSupplier clock;

    Sessions(long idleMs, long maxMs, LongSupplier clock) {
        this.idleMs = idleMs;
        this.maxMs = maxMs;
        this.clock = clock;
    }

    Session create(String user) {
        long now = clock.getAsLong();
        if (byId.size() >= MAX) {
            byId.values().removeIf(s -> expired(s, now));
            if (byId.size() >= MAX) {
                byId.values().stream().min(java.util.Comparator.comparingLong(s -> s.lastSeen)).ifPresent(s -> byId.remove(s.id));
            }
        }
        Session s = new Session(random(), user, random(), now);
        byId.put(s.id, s);
        return s;
    }

    /** The live session with this id (its idle clock restarted), or null when there is none or it expired. */
    Session use(String id) {
        if (id == null) return null;
        Session s = byId.get(id);
        if (s == null) return null;
        long now = clock.getAsLong();
        if (expired(s, now)) {
            byId.remove(id);
            return null;
        }
        s.lastSeen = now;
        return s;
    }

    void remove(String id) {
        if (id != null) byId.remove(id);
    }

    int size() {
        return byId.size();
    }

    private boolean expired(Session s, long now) {
        return now - s.lastSeen >= idleMs || now - s.created >= maxMs;
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

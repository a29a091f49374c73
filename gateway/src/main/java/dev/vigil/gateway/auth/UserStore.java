package dev.vigil.gateway.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users in force: read from the users file at start-up (a refused file stops the gateway) and
 * again, at most once a second, when the file changes. A changed file that is refused is logged and
 * the previous users stay, like the device registry. Thread-safe.
 */
public final class UserStore {
    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
    private static final long CHECK_MS = 1_000;

    private record Snapshot(Map<String, User> byName, Map<String, User> byTokenId, Stat stat) {}

    /** What tells a changed file: modification time, size and (the file is replaced by rename) its inode. */
    private record Stat(long modified, long size, Object key) {}

    private final Path file;
    private volatile Snapshot current;
    private volatile long checkedAt;
    private volatile String problem;

    /** Reads {@code file}; throws {@link UsersFile.Refused} when it has a problem. */
    public UserStore(Path file) {
        this.file = file;
        this.current = read();
        this.checkedAt = System.currentTimeMillis();
        if (current.byName.isEmpty()) {
            LOG.warn("no users in {}: every /api request is refused (401) until one is added with `vigil user add --users {}`", file, file);
        } else {
            LOG.info("{} users from {}", current.byName.size(), file);
        }
    }

    /** The user with this name, or null. */
    public User user(String name) {
        refresh();
        return name == null ? null : current.byName.get(name);
    }

    /** The user owning this API token, or null when the token is unknown or revoked. */
    public User byToken(String token) {
        String id = ApiToken.idOf(token);
        if (id == null) return null;
        refresh();
        User u = current.byTokenId.get(id);
        if (u == null) return null;
        for (ApiToken t : u.tokens()) {
            if (t.id().equals(id) && t.matches(token)) return u;
        }
        return null;
    }

    /** Every user (for the admin's list), in file order. */
    public List<User> users() {
        refresh();
        return List.copyOf(current.byName.values());
    }

    /** Why the latest change of the file was refused, or null. */
    public String problem() {
        return problem;
    }

    private void refresh() {
        long now = System.currentTimeMillis();
        if (now - checkedAt < CHECK_MS) return;
        synchronized (this) {
            if (now - checkedAt < CHECK_MS) return;
            checkedAt = now;
            if (stat().equals(current.stat)) return;
            try {
                current = read();
                problem = null;
                LOG.info("users file {} changed: {} users", file, current.byName.size());
            } catch (UsersFile.Refused | java.io.UncheckedIOException e) {
                if (!e.getMessage().equals(problem)) LOG.error("users file change refused, the previous users stay: {}", e.getMessage());
                problem = e.getMessage();
            }
        }
    }

    private Snapshot read() {
        Stat stat = stat();
        Map<String, User> byName = new java.util.LinkedHashMap<>();
        Map<String, User> byToken = new HashMap<>();
        for (User u : UsersFile.load(file)) {
            byName.put(u.name(), u);
            for (ApiToken t : u.tokens()) byToken.put(t.id(), u);
        }
        return new Snapshot(byName, byToken, stat);
    }

    private Stat stat() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stat(a.lastModifiedTime().toMillis(), a.size(), a.fileKey());
        } catch (IOException e) {
            return new Stat(-1, -1, null);
        }
    }
}

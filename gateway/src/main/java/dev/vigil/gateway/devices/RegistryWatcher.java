package dev.vigil.gateway.devices;

import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileException;
import dev.vigil.profile.RegistryLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Reloads the device registry when its file changes (polled by size and modification time on a
 * worker thread), so that {@code vigil device add} takes effect on a running gateway. A broken
 * file is refused with its problems logged, once, and the previous registry keeps running.
 */
public final class RegistryWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final Vertx vertx;
    private final Path file;
    private final AtomicReference<DeviceRegistry> registry;
    private final long pollMs;
    private final BiConsumer<DeviceRegistry, DeviceRegistry> onChange;
    private volatile String print;
    private volatile String problem;
    private long timer = -1;

    /**
     * @param onChange called on the watcher's context with the previous and the new registry,
     *                 after {@code registry} was swapped
     */
    public RegistryWatcher(Vertx vertx, Path file, AtomicReference<DeviceRegistry> registry, long pollMs,
                           BiConsumer<DeviceRegistry, DeviceRegistry> onChange) {
        this.vertx = vertx;
        this.file = file;
        this.registry = registry;
        this.pollMs = pollMs;
        this.onChange = onChange;
    }

    /** Takes the file's current state as the loaded one and starts polling. */
    public Future<Void> start() {
        return vertx.executeBlocking(() -> fingerprint(file), false).map(p -> {
            print = p;
            timer = vertx.setPeriodic(pollMs, id -> check());
            return null;
        });
    }

    public void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    private void check() {
        vertx.executeBlocking(() -> {
            String now = fingerprint(file);
            if (now.equals(print)) return null;
            print = now;
            try {
                return RegistryLoader.load(file, registry.get().profiles());
            } catch (ProfileException e) {
                problem = e.getMessage();
                LOG.error("registry {} changed but was refused; the previous registry ({} devices) keeps running:\n  {}",
                        file, registry.get().devices().size(), e.getMessage());
                return null;
            }
        }, false).onSuccess(next -> {
            if (next == null) return;
            problem = null;
            DeviceRegistry previous = registry.getAndSet(next);
            LOG.info("registry {} reloaded: {} devices (was {})", file, next.devices().size(), previous.devices().size());
            onChange.accept(previous, next);
        }).onFailure(t -> LOG.warn("registry {} could not be checked: {}", file, t.getMessage()));
    }

    /** Why the file's last change was refused, or null when the registry in force is the file's content. */
    public String problem() {
        return problem;
    }

    private static String fingerprint(Path f) {
        try {
            return Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return "missing";
        }
    }
}

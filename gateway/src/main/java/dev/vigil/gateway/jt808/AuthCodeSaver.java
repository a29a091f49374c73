package dev.vigil.gateway.jt808;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Writes the auth-code file off the event loop, coalescing: a registration waits for one save
 * that starts after its code was issued, and all registrations arriving during a save share the
 * next one — so a whole fleet registering at once costs a few file writes, not one per terminal.
 * Used on the endpoint's event loop only.
 */
final class AuthCodeSaver {
    private final AuthCodes codes;
    private boolean running;
    private Promise<Void> next;

    AuthCodeSaver(AuthCodes codes) {
        this.codes = codes;
    }

    /** Completes when a save that began after this call has finished. */
    Future<Void> save(Vertx vertx) {
        if (next == null) next = Promise.promise();
        Future<Void> f = next.future();
        if (!running) startNext(vertx);
        return f;
    }

    private void startNext(Vertx vertx) {
        Promise<Void> p = next;
        next = null;
        running = true;
        vertx.executeBlocking(() -> {
            codes.save();
            return (Void) null;
        }).onComplete(ar -> {
            running = false;
            if (next != null) startNext(vertx);
            p.handle(ar);
        });
    }
}

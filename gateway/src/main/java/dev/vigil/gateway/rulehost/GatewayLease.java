package dev.vigil.gateway.rulehost;

import dev.vigil.gateway.alerts.InfluxAlertStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Makes sure one single-node gateway at a time keeps the alert state of a database: a lease
 * record in InfluxDB ({@code gateway_lease}) that the holder renews every {@code renewMs} and
 * releases when it stops. A second gateway whose owner name differs and that finds a lease
 * renewed within {@code 3 × renewMs} refuses to start with a message naming the holder; the same
 * gateway restarting (same host and ports) takes its own lease back at once.
 */
public final class GatewayLease {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayLease.class);

    private final Vertx vertx;
    private final InfluxAlertStore store;
    private final String owner;
    private final long renewMs;
    private final String database;
    private long timer = -1;

    /** Thrown when another gateway holds the database. */
    public static final class HeldElsewhere extends RuntimeException {
        HeldElsewhere(String message) {
            super(message);
        }
    }

    public GatewayLease(Vertx vertx, InfluxAlertStore store, String owner, long renewMs, String database) {
        this.vertx = vertx;
        this.store = store;
        this.owner = owner;
        this.renewMs = renewMs;
        this.database = database;
    }

    /** Checks the current lease and takes it; fails with {@link HeldElsewhere} when another gateway holds it. */
    public Future<Void> acquire() {
        return vertx.<Void>executeBlocking(() -> {
            long now = System.currentTimeMillis();
            InfluxAlertStore.Lease current;
            try {
                current = store.loadLease();
            } catch (RuntimeException influxDown) {
                // the spool lets a gateway start while InfluxDB is down; the check waits for the next start
                LOG.warn("cannot check whether another gateway uses database '{}' (InfluxDB unreachable: {}); starting without the check",
                        database, influxDown.getMessage());
                return null;
            }
            if (current != null && !current.released() && !current.owner().equals(owner) && now - current.time() < 3 * renewMs) {
                long age = Math.max(0, now - current.time());
                throw new HeldElsewhere("another Vigil gateway (" + current.owner() + ") is using InfluxDB database '" + database
                        + "' (its lease was renewed " + Duration.ofMillis(age).toSeconds() + " s ago and expires "
                        + Duration.ofMillis(3 * renewMs - age).toSeconds() + " s after its last renewal). Two single-node gateways on"
                        + " one database would each keep the alerts and clear each other's. Stop that gateway, or give this one"
                        + " another database (INFLUX_DB=...), or run both in cluster mode.");
            }
            try {
                store.writeLease(new InfluxAlertStore.Lease(owner, now, false));
            } catch (RuntimeException e) {
                LOG.warn("could not write the gateway lease: {}", e.getMessage());
            }
            return null;
        }, false).onSuccess(v -> timer = vertx.setPeriodic(renewMs, id -> renew(false)));
    }

    private Future<Void> renew(boolean release) {
        return vertx.<Void>executeBlocking(() -> {
            store.writeLease(new InfluxAlertStore.Lease(owner, System.currentTimeMillis(), release));
            return null;
        }, false).onFailure(t -> LOG.warn("could not {} the gateway lease: {}", release ? "release" : "renew", t.getMessage())).mapEmpty();
    }

    /** Stops renewing and releases the lease, so another gateway may start at once. */
    public Future<Void> release() {
        if (timer < 0) return Future.succeededFuture();
        vertx.cancelTimer(timer);
        timer = -1;
        return renew(true).recover(t -> Future.succeededFuture());
    }
}

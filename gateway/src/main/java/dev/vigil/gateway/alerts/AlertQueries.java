package dev.vigil.gateway.alerts;

import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the HTTP API asks of the running rules: alerts by filter, one alert with its events, an
 * acknowledgement, the state of the rules. Implemented by the rules host; failures are
 * {@link NotFound} and {@link Conflict}, which the API turns into 404 and 409.
 */
public interface AlertQueries {

    /** An alert with the events known for it, oldest first. */
    record AlertView(Alert alert, List<AlertEvent> events) {}

    /** No such alert. */
    final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The request contradicts the alert's state (e.g. acknowledged already). */
    final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    /**
     * Alerts matching the filter, newest raised first: open and recently closed ones from the
     * engine, and (unless only open ones are asked for) older closed ones from InfluxDB.
     */
    Future<List<Alert>> alerts(AlertFilter filter, int limit);

    /** One alert and its events; fails with {@link NotFound} when unknown. */
    Future<AlertView> alert(String id);

    /** Acknowledges an open or recently closed alert; {@link NotFound} or {@link Conflict} when it cannot. */
    Future<Alert> acknowledge(String id, String user, String comment);

    /** The running rules and the last reload's problems, as shown by {@code GET /api/rules}. */
    Future<JsonObject> rulesStatus();
}

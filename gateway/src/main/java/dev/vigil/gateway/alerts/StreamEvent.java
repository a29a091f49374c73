package dev.vigil.gateway.alerts;

import dev.vigil.rules.AlertEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * An alert event or a case step (transition, escalation) as published on the event bus to the live
 * streams and the webhook: the event and its JSON text, encoded once for every subscriber.
 *
 * @param event     the rule's alert event, or null for a case step
 * @param caseEvent the case step, or null for an alert event
 * @param json      its JSON form ({@link AlertJson#event} or {@link AlertJson#caseEvent})
 */
public record StreamEvent(AlertEvent event, CaseEvent caseEvent, String json) {

    /** An alert event. */
    public StreamEvent(AlertEvent event, String json) {
        this(event, null, json);
    }

    /** A case step. */
    public StreamEvent(CaseEvent caseEvent) {
        this(null, caseEvent, AlertJson.caseEvent(caseEvent).encode());
    }

    /** The kind in lower case: raised ... acknowledged, transition, overdue. */
    public String kind() {
        return event != null ? event.kind().name().toLowerCase(java.util.Locale.ROOT) : caseEvent.kindName();
    }

    /** The level of the alert. */
    public dev.vigil.rules.Level level() {
        return event != null ? event.level() : caseEvent.level();
    }

    public String alertId() {
        return event != null ? event.alertId() : caseEvent.alertId();
    }

    public String deviceId() {
        return event != null ? event.deviceId() : caseEvent.deviceId();
    }

    /** True when a caller with this scope may see it. */
    public boolean visibleTo(dev.vigil.gateway.history.Scope scope) {
        return event != null ? scope.allows(event.enterprise(), event.region()) : scope.allows(caseEvent.enterprise(), caseEvent.region());
    }

    /** True when it matches the stream's filter. */
    public boolean matches(AlertFilter filter) {
        return event != null ? filter.matches(event) : filter.matches(caseEvent);
    }

    /** Event-bus address the rules verticle publishes every alert event to (local only). */
    public static final String ADDRESS = "vigil.alerts.events";

    /** Cluster mode: the events the gateway writing the alert log has just stored (the webhook sends from here, once per cluster). */
    public static final String STORED_ADDRESS = "vigil.alerts.stored";

    /**
     * Cluster mode: every record of the alert log in order, its history first (header {@code replay: true})
     * and then live; the disposal cases follow this address.
     */
    public static final String LOG_ADDRESS = "vigil.alerts.log";

    /** Registers the local codec on {@code vertx}'s event bus once (a second gateway on the same instance finds it there). */
    public static void registerCodec(io.vertx.core.Vertx vertx) {
        try {
            vertx.eventBus().registerDefaultCodec(StreamEvent.class, new LocalCodec());
        } catch (IllegalStateException alreadyRegistered) {
            // another gateway on this Vert.x instance registered it
        }
    }

    /** Passes the object itself between verticles of one Vert.x instance: no copy, no encoding. */
    static final class LocalCodec implements MessageCodec<StreamEvent, StreamEvent> {
        static final String NAME = "vigil-stream-event";

        @Override
        public void encodeToWire(Buffer buffer, StreamEvent e) {
            throw new UnsupportedOperationException("alert events are published locally only");
        }

        @Override
        public StreamEvent decodeFromWire(int pos, Buffer buffer) {
            throw new UnsupportedOperationException("alert events are published locally only");
        }

        @Override
        public StreamEvent transform(StreamEvent e) {
            return e;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}

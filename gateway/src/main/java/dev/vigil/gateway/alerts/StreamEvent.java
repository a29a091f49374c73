package dev.vigil.gateway.alerts;

import dev.vigil.rules.AlertEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * An alert event as published on the event bus to the live streams and the webhook: the event and
 * its JSON text, encoded once for every subscriber.
 *
 * @param event the event
 * @param json  its JSON form ({@link AlertJson#event})
 */
public record StreamEvent(AlertEvent event, String json) {

    /** Event-bus address the rules verticle publishes every alert event to (local only). */
    public static final String ADDRESS = "vigil.alerts.events";

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

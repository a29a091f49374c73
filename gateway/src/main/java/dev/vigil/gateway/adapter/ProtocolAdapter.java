package dev.vigil.gateway.adapter;

import dev.vigil.gateway.health.AdapterStatus;
import io.vertx.core.Deployable;

/**
 * One protocol adapter as the gateway starts it: a name for {@code /ready} and the logs, the
 * verticles that speak the protocol, and where it listens once they run. Every adapter hands what
 * it receives to the one {@link dev.vigil.gateway.pipeline.TelemetryPipeline}; starting them all
 * is a loop in {@link dev.vigil.gateway.GatewayApp}.
 */
public interface ProtocolAdapter {

    /** Short name: "mqtt", "coap", "modbus", "bridge" ... (the key in {@code /ready}). */
    String name();

    /** How many verticle instances to deploy (event-loop adapters may use several). */
    default int instances() {
        return 1;
    }

    /** A new verticle instance; called {@link #instances()} times. */
    Deployable newVerticle();

    /** What {@code /ready} says while starting, e.g. "starting on 0.0.0.0:1883". */
    String starting();

    /** What {@code /ready} says once the verticles run, e.g. "listening on 0.0.0.0:1883". */
    String started();

    /** Adapters whose state changes after start (a bridge losing its broker) report it here. */
    default void reportTo(AdapterStatus status) {
    }
}

package dev.vigil.gateway.pipeline;

import dev.vigil.profile.Telemetry;

import java.util.List;

/**
 * Receives every validated reading right after validation, in parallel with storage (the rules
 * verticle is one). Called on the pipeline caller's context: a listener that keeps state hops to
 * its own context and must never block.
 */
public interface TelemetryListener {

    void onTelemetry(List<Telemetry> readings);
}

package dev.vigil.gateway.metrics;

import dev.vigil.gateway.pipeline.PipelineStats;
import dev.vigil.profile.Rejection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Function counters over {@link PipelineStats}: one per protocol for messages received and
 * readings accepted, one per protocol and reason for refusals, registered as they first appear.
 */
final class PipelineMeters {
    private final MeterRegistry registry;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile PipelineStats stats;

    PipelineMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void bind(PipelineStats stats) {
        this.stats = stats;
        refresh();
    }

    void refresh() {
        PipelineStats s = stats;
        if (s == null) return;
        for (String protocol : s.protocols()) {
            if (!registered.add("p|" + protocol)) continue;
            FunctionCounter.builder("vigil.messages.received", s, x -> x.received(protocol))
                    .description("Messages received from devices, by protocol")
                    .tag("protocol", protocol).register(registry);
            FunctionCounter.builder("vigil.readings.accepted", s, x -> x.accepted(protocol))
                    .description("Readings validated and stored, by protocol")
                    .tag("protocol", protocol).register(registry);
        }
        for (Map.Entry<String, Rejection.Reason> e : s.refusals()) {
            String protocol = e.getKey();
            Rejection.Reason reason = e.getValue();
            if (!registered.add("r|" + protocol + "|" + reason.label())) continue;
            FunctionCounter.builder("vigil.messages.refused", s, x -> x.refused(protocol, reason))
                    .description("Messages refused, by protocol and reason")
                    .tag("protocol", protocol).tag("reason", reason.label()).register(registry);
        }
    }
}

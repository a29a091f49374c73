package dev.vigil.gateway.metrics;

import dev.vigil.gateway.support.Http;

import java.util.Map;

/** {@code /metrics} of a running gateway as sample name (with labels) → value, for tests outside this package. */
public final class PrometheusAccess {
    private PrometheusAccess() {}

    public static Map<String, Double> metrics(int httpPort) throws Exception {
        return PrometheusText.parse(Http.get(httpPort, "/metrics").body());
    }
}

package dev.vigil.gateway.storage;

import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/** Opens an InfluxDB client with the configured authentication: a 2.x/3.x token, 1.x user and password, or none. */
public final class InfluxConnections {
    private InfluxConnections() {}

    /** A client for {@code config}'s server over {@code http} (whose timeouts the caller has set). */
    public static InfluxDB connect(InfluxConfig config, OkHttpClient.Builder http) {
        if (config.token() != null) {
            String header = "Token " + config.token();
            http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("Authorization", header).build()));
            return InfluxDBFactory.connect(config.url(), http);
        }
        if (config.username() == null && config.password() == null) return InfluxDBFactory.connect(config.url(), http);
        return InfluxDBFactory.connect(config.url(), config.username() == null ? "vigil" : config.username(),
                config.password() == null ? "" : config.password(), http);
    }
}

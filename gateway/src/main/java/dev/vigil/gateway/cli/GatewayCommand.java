package dev.vigil.gateway.cli;

import dev.vigil.gateway.GatewayApp;
import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.metrics.GatewayMetrics;
import dev.vigil.gateway.storage.DiscardingSink;
import dev.vigil.gateway.storage.InfluxTelemetrySink;
import dev.vigil.gateway.storage.TelemetrySink;
import io.vertx.core.Future;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileException;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code vigil gateway}: loads the configuration, profiles and registry, and runs the gateway until stopped. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Run the gateway: MQTT/CoAP/Modbus ingest, validation, InfluxDB storage, rules and the HTTP API.",
                "运行网关：接入、校验、存储、预警规则与 HTTP 接口。"})
public final class GatewayCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "configuration file (default: ${DEFAULT-VALUE})",
            defaultValue = "config/vigil.yaml")
    Path config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg;
        Map<String, DeviceProfile> profiles;
        DeviceRegistry registry;
        try {
            cfg = ConfigLoader.load(Files.exists(config) ? config : null);
            if (!Files.exists(config)) System.err.println("note: " + config + " not found; using defaults");
            profiles = ProfileLoader.loadDirectory(Path.of(cfg.profiles()));
            Path reg = Path.of(cfg.registry());
            if (!Files.exists(reg)) {
                System.err.println("error: registry " + reg + " not found. Register a device first: ./vigil device add --help");
                return 2;
            }
            registry = RegistryLoader.load(reg, profiles);
        } catch (ConfigLoader.ConfigException e) {
            e.problems().forEach(p -> System.err.println("error: " + p)); // every problem at once, one a line
            return 2;
        } catch (ProfileException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        GatewayMetrics metrics = new GatewayMetrics();
        Vertx vertx = metrics.vertxBuilder().build();
        TelemetrySink sink;
        Future<Void> storageReady;
        if (cfg.cluster().enabled()) {
            // cluster mode: Kafka is the durable log (the spool's role on a single node)
            String node = cfg.cluster().nodeId().isEmpty() ? nodeName(cfg) : cfg.cluster().nodeId();
            dev.vigil.gateway.cluster.ClusterNode cluster = new dev.vigil.gateway.cluster.ClusterNode(vertx, cfg.cluster(),
                    () -> registry, node, cfg.alerts().recentClosed(), cfg.influx());
            sink = cluster.sink();
            storageReady = Future.succeededFuture();
        } else if (cfg.influx().discard()) {
            System.err.println("WARNING: influx.discard is on (bench only): readings are acknowledged and NOT stored");
            sink = new DiscardingSink();
            storageReady = Future.succeededFuture();
        } else if (cfg.spool().enabled()) {
            try {
                sink = dev.vigil.gateway.spool.SpoolSink.open(vertx, cfg.spool(),
                        new dev.vigil.gateway.storage.InfluxWriter(cfg.influx()));
            } catch (IllegalStateException e) {
                System.err.println("error: " + e.getMessage());
                vertx.close();
                return 1;
            }
            storageReady = Future.succeededFuture();
        } else {
            InfluxTelemetrySink influx = new InfluxTelemetrySink(vertx, cfg.influx());
            sink = influx;
            storageReady = influx.start();
        }
        GatewayApp app;
        try {
            GatewayConfig started = cfg;
            app = storageReady
                    .compose(v -> GatewayApp.start(vertx, started, registry, sink, metrics))
                    .await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("error: gateway did not start: " + e.getMessage());
            vertx.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.stop().eventually(vertx::close).await(15, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down anyway
            }
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
        return 0;
    }

    /** This gateway's name in the cluster: host name and ports. */
    private static String nodeName(GatewayConfig cfg) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "gateway";
        }
        return host + "-" + cfg.mqtt().port() + "-" + cfg.http().port();
    }
}

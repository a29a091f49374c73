package dev.vigil.gateway;

import dev.vigil.gateway.bridge.MqttBridge;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.health.AdapterStatus;
import dev.vigil.gateway.health.HealthRoutes;
import dev.vigil.gateway.health.StorageCheck;
import dev.vigil.gateway.metrics.GatewayMetrics;
import dev.vigil.gateway.metrics.MetricsRoutes;
import dev.vigil.gateway.coap.CoapConfig;
import dev.vigil.gateway.coap.CoapTelemetryEndpoint;
import dev.vigil.gateway.alerts.AlertsApi;
import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.gateway.alerts.RulesVerticle;
import dev.vigil.gateway.alerts.WebhookSink;
import dev.vigil.gateway.alerts.ZoneSource;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.gateway.storage.InfluxTelemetrySink;
import dev.vigil.gateway.http.HttpApi;
import dev.vigil.gateway.modbus.DeviceStatusFanout;
import dev.vigil.gateway.modbus.ModbusConfig;
import dev.vigil.gateway.modbus.ModbusPoller;
import dev.vigil.gateway.modbus.ModbusTarget;
import dev.vigil.gateway.mqtt.MqttTelemetryEndpoint;
import dev.vigil.gateway.pipeline.DefaultTelemetryPipeline;
import dev.vigil.gateway.storage.DiscardingSink;
import dev.vigil.gateway.storage.InfluxTelemetrySink;
import dev.vigil.gateway.storage.TelemetrySink;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.TelemetryDecoder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Puts the gateway together: the device registry, the pipeline in front of the storage sink, and
 * the verticles (protocol adapters, HTTP API) deployed on one Vert.x instance. Tests start it on
 * port 0 with a real InfluxDB; the {@code vigil gateway} command starts it from the config file.
 */
public final class GatewayApp {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);
    /** How long {@code /ready} waits for InfluxDB's {@code /ping}. */
    private static final long READY_TIMEOUT_MS = 1_000;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final AtomicReference<DeviceRegistry> registry;
    private final TelemetrySink sink;
    private final DefaultTelemetryPipeline pipeline;
    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private final List<MqttTelemetryEndpoint> mqttEndpoints = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, MqttTelemetryEndpoint.Session> mqttSessions = MqttTelemetryEndpoint.newSessionMap();
    private final GatewayMetrics metrics;
    private final AdapterStatus adapterStatus = new AdapterStatus();
    private final StorageCheck storageCheck;
    private HttpApi http;
    private CoapTelemetryEndpoint coapEndpoint;
    private ModbusPoller modbusPoller;
    private final DeviceStatusFanout deviceStatusListeners = new DeviceStatusFanout();
    private volatile MqttBridge bridge;
    private InfluxAlertStore alertStore;
    private RulesVerticle rules;

    private GatewayApp(Vertx vertx, GatewayConfig config, DeviceRegistry registry, TelemetrySink sink,
                       GatewayMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.registry = new AtomicReference<>(registry);
        this.sink = sink;
        GatewayConfig.Validation v = config.validation();
        TelemetryDecoder decoder = new TelemetryDecoder(new TelemetryDecoder.Limits(
                v.maxFutureSkewSeconds() * 1000, v.maxPastAgeSeconds() * 1000, v.maxBatch()));
        this.pipeline = new DefaultTelemetryPipeline(vertx, this.registry::get, decoder, v.maxPayloadBytes(), sink);
        this.metrics = metrics;
        metrics.bindPipeline(pipeline.stats());
        metrics.connectedDevicesGauge("mqtt", mqttSessions::size);
        metrics.bindAdapters(adapterStatus);
        if (sink instanceof InfluxTelemetrySink influx) {
            metrics.bindInfluxSink(influx);
            storageCheck = StorageCheck.influxPing(vertx, influx.config().url(), READY_TIMEOUT_MS);
        } else if (sink instanceof DiscardingSink) {
            storageCheck = StorageCheck.always("discard (bench only: readings are not stored)");
        } else {
            storageCheck = StorageCheck.always(sink.getClass().getSimpleName());
        }
    }

    /** Starts every enabled part; the future fails (and what started is stopped) if one part cannot start. */
    public static Future<GatewayApp> start(Vertx vertx, GatewayConfig config, DeviceRegistry registry, TelemetrySink sink) {
        return start(vertx, config, registry, sink, new GatewayMetrics());
    }

    /**
     * Starts every enabled part, publishing metrics into {@code metrics} (build {@code vertx} with
     * {@link GatewayMetrics#vertxBuilder()} to get Vert.x's own metrics there too).
     */
    public static Future<GatewayApp> start(Vertx vertx, GatewayConfig config, DeviceRegistry registry, TelemetrySink sink,
                                           GatewayMetrics metrics) {
        GatewayApp app = new GatewayApp(vertx, config, registry, sink, metrics);
        return app.deployAll().transform(ar -> {
            if (ar.succeeded()) {
                LOG.info("Vigil gateway started: {} devices, {} profiles; MQTT {}, HTTP {}",
                        registry.devices().size(), registry.profiles().size(),
                        config.mqtt().enabled() ? app.mqttPort() : "off", app.httpPort());
                return Future.succeededFuture(app);
            }
            LOG.error("gateway failed to start: {}", ar.cause().getMessage());
            return app.stop().transform(x -> Future.failedFuture(ar.cause()));
        });
    }

    private Future<Void> deployAll() {
        Future<Void> chain = Future.succeededFuture();
        List<Consumer<Router>> mounts = new ArrayList<>();
        mounts.add(new HealthRoutes(storageCheck, adapterStatus, this::healthFacts));
        mounts.add(new MetricsRoutes(metrics));
        if (config.alerts().enabled()) {
            // Alerts share the telemetry sink's InfluxDB (the same server and database).
            InfluxConfig influx = sink instanceof InfluxTelemetrySink s ? s.config() : config.influx().toInfluxConfig();
            alertStore = new InfluxAlertStore(influx, 100_000);
            ZoneSource zones = ZoneSource.directory(java.nio.file.Path.of(config.zones()));
            rules = new RulesVerticle(config, registry::get, pipeline, alertStore, zones);
            rules.reportTo(metrics::recordRuleEvaluation);
            metrics.openAlertsGauge(rules::openAlertsByLevel);
            chain = chain.compose(v -> deploy(() -> rules, 1));
            if (config.webhook().enabled()) chain = chain.compose(v -> deploy(() -> new WebhookSink(config.webhook()), 1));
            mounts.add(new AlertsApi(rules));
        }
        { // history, replay and evidence API under /api/v1 (exports are recorded by the alert store's writer)
            InfluxConfig influx = sink instanceof InfluxTelemetrySink s ? s.config() : config.influx().toInfluxConfig();
            mounts.add(new dev.vigil.gateway.history.HistoryApi(vertx, registry::get, influx,
                    java.time.ZoneId.of(config.alerts().timeZone()), rules, alertStore == null ? null : alertStore::writeLine));
        }
        if (config.mqtt().enabled()) {
            adapterStatus.starting("mqtt", "starting on " + config.mqtt().host() + ":" + config.mqtt().port());
            chain = chain.compose(v -> deploy(() -> {
                MqttTelemetryEndpoint e = new MqttTelemetryEndpoint(config.mqtt(), config.validation().maxPayloadBytes(),
                        registry::get, pipeline, mqttSessions);
                mqttEndpoints.add(e);
                return e;
            }, config.mqtt().instances())
                    .onSuccess(x -> adapterStatus.up("mqtt", "listening on " + config.mqtt().host() + ":" + mqttPort()))
                    .onFailure(t -> adapterStatus.down("mqtt", "cannot listen: " + t.getMessage())));
        }
        if (CoapConfig.enabledIn(config.coap())) { // off only when plain CoAP and DTLS both are
            CoapConfig coap = CoapConfig.fromMap(config.coap(), System.getenv());
            adapterStatus.starting("coap", "starting");
            chain = chain.compose(v -> deploy(() -> coapEndpoint = new CoapTelemetryEndpoint(coap, registry::get, pipeline), 1)
                    .onSuccess(x -> adapterStatus.up("coap", "started" + (coapPort() > 0 ? " on udp " + coapPort() : "")
                            + (coapDtlsPort() > 0 ? ", DTLS on udp " + coapDtlsPort() : "")))
                    .onFailure(t -> adapterStatus.down("coap", "cannot start: " + t.getMessage())));
        }
        ModbusConfig modbus = ModbusConfig.fromMap(config.modbus());
        if (modbus.enabled() && registry.get().devices().stream().anyMatch(ModbusTarget::isModbus)) {
            adapterStatus.starting("modbus", "starting");
            chain = chain.compose(v -> deploy(() -> modbusPoller = new ModbusPoller(registry.get(), pipeline, modbus,
                    deviceStatusListeners), 1)
                    .onSuccess(x -> adapterStatus.up("modbus", "poller running"))
                    .onFailure(t -> adapterStatus.down("modbus", "poller cannot start: " + t.getMessage())));
        }
        if (config.bridge().enabled()) {
            adapterStatus.starting("bridge", "connecting to " + config.bridge().brokerUrl());
            chain = chain.compose(v -> deploy(() -> {
                bridge = new MqttBridge(config.bridge(), registry::get, pipeline);
                bridge.reportTo(adapterStatus);
                return bridge;
            }, 1)
                    .onSuccess(x -> adapterStatus.up("bridge", "subscribed on " + config.bridge().brokerUrl()))
                    .onFailure(t -> adapterStatus.down("bridge", t.getMessage())));
        }
        chain = chain.compose(v -> deploy(() -> http = new HttpApi(config.http(), mounts), 1));
        return chain;
    }

    private Future<Void> deploy(java.util.function.Supplier<io.vertx.core.Deployable> factory, int instances) {
        return vertx.deployVerticle(factory, new DeploymentOptions().setInstances(instances))
                .onSuccess(deployments::add)
                .mapEmpty();
    }

    private java.util.Map<String, Object> healthFacts() {
        return java.util.Map.of("devices", registry.get().devices().size(), "mqtt_connections", mqttSessions.size());
    }

    /** Undeploys every verticle and closes the sink (flushing pending writes). */
    public Future<Void> stop() {
        Future<Void> chain = Future.succeededFuture();
        List<String> ids = new ArrayList<>(deployments);
        java.util.Collections.reverse(ids);
        for (String id : ids) chain = chain.eventually(() -> vertx.undeploy(id));
        if (alertStore != null) {
            InfluxAlertStore store = alertStore;
            chain = chain.eventually(() -> vertx.executeBlocking(() -> {
                store.close();
                return null;
            }, false));
        }
        for (String adapter : adapterStatus.snapshot().keySet()) adapterStatus.down(adapter, "stopped");
        return chain.eventually(sink::close).mapEmpty();
    }

    /** Port of the MQTT endpoint (the first instance's, all share it). */
    public int mqttPort() {
        return mqttEndpoints.isEmpty() ? -1 : mqttEndpoints.get(0).actualPort();
    }

    /** Plain CoAP port, or -1 when CoAP is off. */
    public int coapPort() {
        return coapEndpoint == null ? -1 : coapEndpoint.plainPort();
    }

    /** DTLS port, or -1 when DTLS is off. */
    public int coapDtlsPort() {
        return coapEndpoint == null ? -1 : coapEndpoint.dtlsPort();
    }

    /** The Modbus poller, or null when no device is polled. */
    public ModbusPoller modbusPoller() {
        return modbusPoller;
    }

    /** Where Modbus devices going offline / online are announced (the rules subscribe). */
    public DeviceStatusFanout deviceStatus() {
        return deviceStatusListeners;
    }

    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** The gateway's metrics (the rules verticle records its evaluation time and open alerts here). */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Where adapters report their state for {@code /ready}. */
    public AdapterStatus adapterStatus() {
        return adapterStatus;
    }

    /** The broker bridge, or null when {@code bridge.enabled} is false. */
    public MqttBridge bridge() {
        return bridge;
    }

    /** The rules verticle, or null when alerts are disabled. */
    public RulesVerticle rules() {
        return rules;
    }

    public DefaultTelemetryPipeline pipeline() {
        return pipeline;
    }

    public GatewayConfig config() {
        return config;
    }

    /** Replaces the device registry (after the registry file changed). */
    public void replaceRegistry(DeviceRegistry next) {
        registry.set(next);
        if (rules != null) rules.replaceRegistry(next);
    }

    public DeviceRegistry registry() {
        return registry.get();
    }

    public Vertx vertx() {
        return vertx;
    }
}

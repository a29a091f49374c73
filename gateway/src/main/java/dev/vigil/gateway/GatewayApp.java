package dev.vigil.gateway;

import dev.vigil.gateway.bridge.MqttBridge;
import dev.vigil.gateway.config.GatewayConfig;
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

    private final Vertx vertx;
    private final GatewayConfig config;
    private final AtomicReference<DeviceRegistry> registry;
    private final TelemetrySink sink;
    private final DefaultTelemetryPipeline pipeline;
    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private final List<MqttTelemetryEndpoint> mqttEndpoints = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, MqttTelemetryEndpoint.Session> mqttSessions = MqttTelemetryEndpoint.newSessionMap();
    private HttpApi http;
    private CoapTelemetryEndpoint coapEndpoint;
    private ModbusPoller modbusPoller;
    private final DeviceStatusFanout deviceStatusListeners = new DeviceStatusFanout();
    private volatile MqttBridge bridge;
    private InfluxAlertStore alertStore;
    private RulesVerticle rules;

    private GatewayApp(Vertx vertx, GatewayConfig config, DeviceRegistry registry, TelemetrySink sink) {
        this.vertx = vertx;
        this.config = config;
        this.registry = new AtomicReference<>(registry);
        this.sink = sink;
        GatewayConfig.Validation v = config.validation();
        TelemetryDecoder decoder = new TelemetryDecoder(new TelemetryDecoder.Limits(
                v.maxFutureSkewSeconds() * 1000, v.maxPastAgeSeconds() * 1000, v.maxBatch()));
        this.pipeline = new DefaultTelemetryPipeline(vertx, this.registry::get, decoder, v.maxPayloadBytes(), sink);
    }

    /** Starts every enabled part; the future fails (and what started is stopped) if one part cannot start. */
    public static Future<GatewayApp> start(Vertx vertx, GatewayConfig config, DeviceRegistry registry, TelemetrySink sink) {
        GatewayApp app = new GatewayApp(vertx, config, registry, sink);
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
        mounts.add(this::mountHealth);
        if (config.alerts().enabled()) {
            // Alerts share the telemetry sink's InfluxDB (the same server and database).
            InfluxConfig influx = sink instanceof InfluxTelemetrySink s ? s.config() : config.influx().toInfluxConfig();
            alertStore = new InfluxAlertStore(influx, 100_000);
            ZoneSource zones = ZoneSource.directory(java.nio.file.Path.of(config.zones()));
            rules = new RulesVerticle(config, registry::get, pipeline, alertStore, zones);
            chain = chain.compose(v -> deploy(() -> rules, 1));
            if (config.webhook().enabled()) chain = chain.compose(v -> deploy(() -> new WebhookSink(config.webhook()), 1));
            mounts.add(new AlertsApi(rules));
        }
        if (config.mqtt().enabled()) {
            chain = chain.compose(v -> deploy(() -> {
                MqttTelemetryEndpoint e = new MqttTelemetryEndpoint(config.mqtt(), config.validation().maxPayloadBytes(),
                        registry::get, pipeline, mqttSessions);
                mqttEndpoints.add(e);
                return e;
            }, config.mqtt().instances()));
        }
        if (coapWanted()) {
            CoapConfig coap = CoapConfig.fromMap(config.coap(), System.getenv());
            chain = chain.compose(v -> deploy(() -> coapEndpoint = new CoapTelemetryEndpoint(coap, registry::get, pipeline), 1));
        }
        ModbusConfig modbus = ModbusConfig.fromMap(config.modbus());
        if (modbus.enabled() && registry.get().devices().stream().anyMatch(ModbusTarget::isModbus)) {
            chain = chain.compose(v -> deploy(() -> modbusPoller = new ModbusPoller(registry.get(), pipeline, modbus,
                    deviceStatusListeners), 1));
        }
        if (config.bridge().enabled()) {
            chain = chain.compose(v -> deploy(() -> bridge = new MqttBridge(config.bridge(), registry::get, pipeline), 1));
        }
        chain = chain.compose(v -> deploy(() -> http = new HttpApi(config.http(), mounts), 1));
        return chain;
    }

    /** CoAP runs unless the config switches both plain CoAP and DTLS off. */
    private boolean coapWanted() {
        Object plain = config.coap().get("enabled");
        Object dtls = config.coap().get("dtls") instanceof Map<?, ?> m ? m.get("enabled") : null;
        return !(Boolean.FALSE.equals(plain) || "false".equals(String.valueOf(plain))) || Boolean.TRUE.equals(dtls)
                || "true".equals(String.valueOf(dtls));
    }

    private Future<Void> deploy(java.util.function.Supplier<io.vertx.core.Deployable> factory, int instances) {
        return vertx.deployVerticle(factory, new DeploymentOptions().setInstances(instances))
                .onSuccess(deployments::add)
                .mapEmpty();
    }

    private void mountHealth(Router router) {
        router.get("/health").handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject()
                .put("status", "UP")
                .put("devices", registry.get().devices().size())
                .put("mqtt_connections", mqttSessions.size())));
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

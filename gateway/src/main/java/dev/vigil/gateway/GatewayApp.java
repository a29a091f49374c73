package dev.vigil.gateway;

import dev.vigil.gateway.adapter.ProtocolAdapter;
import dev.vigil.gateway.alerts.AlertQueries;
import dev.vigil.gateway.alerts.AlertsApi;
import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.gateway.alerts.WebhookSink;
import dev.vigil.gateway.auth.AuditLog;
import dev.vigil.gateway.auth.AuthRoutes;
import dev.vigil.gateway.auth.Principal;
import dev.vigil.gateway.auth.UserStore;
import dev.vigil.gateway.auth.UsersFile;
import dev.vigil.gateway.bridge.BridgeAdapter;
import dev.vigil.gateway.bridge.MqttBridge;
import dev.vigil.gateway.coap.CoapAdapter;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.health.AdapterStatus;
import dev.vigil.gateway.health.HealthRoutes;
import dev.vigil.gateway.health.StorageCheck;
import dev.vigil.gateway.hj212.Hj212Adapter;
import dev.vigil.gateway.hj212.Hj212Stats;
import dev.vigil.gateway.http.HttpApi;
import dev.vigil.gateway.jt808.Jt808Adapter;
import dev.vigil.gateway.jt808.Jt808Endpoint;
import dev.vigil.gateway.metrics.GatewayMetrics;
import dev.vigil.gateway.metrics.MetricsRoutes;
import dev.vigil.gateway.modbus.ModbusAdapter;
import dev.vigil.gateway.modbus.ModbusConfig;
import dev.vigil.gateway.mqtt.MqttAdapter;
import dev.vigil.gateway.pipeline.DefaultTelemetryPipeline;
import dev.vigil.gateway.pipeline.IngestWarmUp;
import dev.vigil.gateway.devices.RegistryWatcher;
import dev.vigil.gateway.rulehost.GatewayLease;
import dev.vigil.gateway.rulehost.RulesVerticle;
import dev.vigil.gateway.rulehost.ZoneSource;
import dev.vigil.gateway.security.AuthGuard;
import dev.vigil.gateway.spool.SpoolSink;
import dev.vigil.gateway.storage.DiscardingSink;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.gateway.storage.InfluxTelemetrySink;
import dev.vigil.gateway.storage.TelemetrySink;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.TelemetryDecoder;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Puts the gateway together, in the order a reading travels: the device registry, the pipeline in
 * front of the storage sink, the rules as a listener of the pipeline, the protocol adapters that
 * feed the pipeline, and the HTTP API. Nothing is written to storage until every part has started
 * (a gateway that cannot bind a port leaves the database as it was). Tests start it on port 0 with
 * a real InfluxDB; the {@code vigil gateway} command starts it from the config file.
 */
public final class GatewayApp {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);
    /** How often the single-node lease on the database is renewed; it expires after three periods. */
    private static final long LEASE_RENEW_MS = 10_000;
    /** How long {@code /ready} waits for InfluxDB's {@code /ping}. */
    private static final long READY_TIMEOUT_MS = 1_000;
    /** Synthetic payloads per profile the start-up ingest warm-up decodes (unless its time budget runs out first). */
    private static final int INGEST_WARM_UP_PAYLOADS = 30_000;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final AtomicReference<DeviceRegistry> registry;
    private final TelemetrySink sink;
    private final DefaultTelemetryPipeline pipeline;
    private final TelemetryDecoder decoder;
    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private final GatewayMetrics metrics;
    private final AdapterStatus adapterStatus = new AdapterStatus();
    private final StorageCheck storageCheck;
    private final List<ProtocolAdapter> adapters = new ArrayList<>();
    private final AuthGuard authGuard;
    private MqttAdapter mqtt;
    private CoapAdapter coap;
    private BridgeAdapter bridge;
    private Jt808Adapter jt808;
    private Hj212Adapter hj212;
    private HttpApi http;
    private InfluxAlertStore alertStore;
    private RulesVerticle rules;
    private dev.vigil.gateway.cases.CasesVerticle cases;
    private final java.util.function.LongSupplier casesClock;
    private RegistryWatcher registryWatcher;
    private GatewayLease lease;
    /** Cluster mode: this gateway's part in the cluster (null on a single node). */
    private final dev.vigil.gateway.cluster.ClusterNode cluster;
    private AlertQueries alertQueries;

    private GatewayApp(Vertx vertx, GatewayConfig config, DeviceRegistry registry, TelemetrySink sink,
                       GatewayMetrics metrics, java.util.function.LongSupplier casesClock) {
        this.vertx = vertx;
        this.casesClock = casesClock;
        this.config = config;
        this.registry = new AtomicReference<>(registry);
        this.sink = sink;
        this.cluster = sink instanceof dev.vigil.gateway.cluster.KafkaTelemetrySink k ? k.node() : null;
        if (cluster != null) {
            cluster.useRegistry(this.registry::get);
            metrics.bindInfluxWriter(cluster.storageWriter());
            metrics.counter("vigil.cluster.produced", "Readings Kafka acknowledged (cluster mode)", cluster, c -> c.sink().produced());
            metrics.counter("vigil.cluster.refused", "Readings refused because Kafka did not acknowledge them in time", cluster,
                    c -> c.sink().failed());
            metrics.counter("vigil.cluster.stored", "Readings this gateway's share of the storage group wrote to InfluxDB", cluster,
                    dev.vigil.gateway.cluster.ClusterNode::stored);
            metrics.gauge("vigil.cluster.owned.partitions", "Telemetry partitions whose devices this gateway evaluates and polls", cluster,
                    c -> c.ownership().partitions().size());
        }
        GatewayConfig.Validation v = config.validation();
        TelemetryDecoder decoder = this.decoder = new TelemetryDecoder(new TelemetryDecoder.Limits(
                v.maxFutureSkewMs(), v.maxPastAgeMs(), v.maxBatch()));
        this.pipeline = new DefaultTelemetryPipeline(vertx, this.registry::get, decoder, v.maxPayloadBytes(), sink);
        this.metrics = metrics;
        this.authGuard = new AuthGuard(config.authGuard());
        metrics.bindPipeline(pipeline.stats());
        metrics.authGuardGauge(authGuard::blockedAddresses);
        metrics.bindAdapters(adapterStatus);
        if (sink instanceof InfluxTelemetrySink influx) {
            metrics.bindInfluxSink(influx);
            storageCheck = StorageCheck.influxPing(vertx, influx.config().url(), READY_TIMEOUT_MS);
        } else if (sink instanceof dev.vigil.gateway.spool.SpoolSink spool) {
            metrics.bindSpool(spool);
            storageCheck = StorageCheck.spool(spool, StorageCheck.influxPing(vertx, spool.writer().config().url(), READY_TIMEOUT_MS));
        } else if (sink instanceof dev.vigil.gateway.cluster.KafkaTelemetrySink k) {
            storageCheck = () -> Future.succeededFuture(k.node().health());
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
        return start(vertx, config, registry, sink, metrics, System::currentTimeMillis);
    }

    /** As {@link #start(Vertx, GatewayConfig, DeviceRegistry, TelemetrySink, GatewayMetrics)}, with the disposal cases' clock (tests). */
    public static Future<GatewayApp> start(Vertx vertx, GatewayConfig config, DeviceRegistry registry, TelemetrySink sink,
                                           GatewayMetrics metrics, java.util.function.LongSupplier casesClock) {
        GatewayApp app = new GatewayApp(vertx, config, registry, sink, metrics, casesClock);
        return app.deployAll().transform(ar -> {
            if (ar.succeeded()) {
                LOG.info("Vigil gateway started: {} devices, {} profiles; {}; HTTP {}",
                        registry.devices().size(), registry.profiles().size(), app.adapterSummary(), app.httpPort());
                return Future.succeededFuture(app);
            }
            LOG.error("gateway failed to start: {}", ar.cause().getMessage());
            return app.stop().transform(x -> Future.failedFuture(ar.cause()));
        });
    }

    /** The protocol adapters this configuration enables, in start order. */
    private List<ProtocolAdapter> enabledAdapters() {
        List<ProtocolAdapter> list = new ArrayList<>();
        Supplier<DeviceRegistry> reg = registry::get;
        if (config.mqtt().enabled()) {
            list.add(mqtt = new MqttAdapter(config.mqtt(), config.validation().maxPayloadBytes(), reg, pipeline, authGuard));
            metrics.connectedDevicesGauge("mqtt", mqtt::connections);
        }
        if (config.coap().endpointWanted()) { // off only when plain CoAP and DTLS both are
            list.add(coap = new CoapAdapter(config.coap(), reg, pipeline, authGuard));
        }
        ModbusConfig modbus = config.modbus();
        if (ModbusAdapter.wanted(modbus, registry.get())) {
            // in cluster mode a device is polled by the gateway that owns its partition, and only while it does
            list.add(new ModbusAdapter(registry.get(), pipeline, modbus, cluster == null ? id -> true : cluster.ownership()));
        }
        if (config.bridge().enabled()) list.add(bridge = new BridgeAdapter(config.bridge(), reg, pipeline));
        if (config.jt808().enabled()) list.add(jt808 = new Jt808Adapter(config.jt808(), reg, pipeline, metrics));
        if (config.hj212().enabled()) list.add(hj212 = new Hj212Adapter(config.hj212(), reg, pipeline, metrics));
        return list;
    }

    private Future<Void> deployAll() {
        UserStore users;
        try {
            users = new UserStore(Path.of(config.auth().users()));
        } catch (UsersFile.Refused | java.io.UncheckedIOException e) {
            return Future.failedFuture(new IllegalStateException("users file refused: " + e.getMessage(), e));
        }
        // cluster mode: the topics must exist with the expected partitions before anything starts
        Future<Void> chain = cluster == null ? Future.succeededFuture() : cluster.checkTopics();
        List<Consumer<Router>> mounts = new ArrayList<>();
        mounts.add(new HealthRoutes(storageCheck, adapterStatus, this::healthFacts));
        mounts.add(new MetricsRoutes(metrics));
        mounts.add(new dev.vigil.gateway.console.ConsoleRoutes(vertx, Path.of(config.zones()),
                config.http().mapTileUrl(), config.http().mapTileAttribution()));
        if (config.alerts().enabled()) {
            // Alerts share the telemetry sink's InfluxDB (the same server and database).
            // ... and its write path: the spool when on (else an InfluxWriter of the alert store's own).
            InfluxConfig influx = sink instanceof InfluxTelemetrySink s ? s.config()
                    : sink instanceof SpoolSink sp ? sp.writer().config() : config.influx();
            alertStore = new InfluxAlertStore(influx, 100_000, sink instanceof SpoolSink sp ? sp::appendLinesDurably : null);
            rules = new RulesVerticle(config, registry::get, alertStore, ZoneSource.directory(Path.of(config.zones())));
            // cluster mode: events go to the alerts topic; the alert log feeds the API, the stream and the store
            if (cluster != null) rules.clustered(cluster.alertOutput());
            rules.reportTo(metrics::recordRuleEvaluation);
            metrics.openAlertsGauge(cluster == null ? rules::openAlertsByLevel : cluster.alerts()::openByLevel);
            metrics.bindRuleQueues(rules::droppedReadings, rules::queuedReadings);
            // Rules see every validated reading, beside storage (alert latency never waits for InfluxDB).
            // Rules see every validated reading, beside storage (alert latency never waits for InfluxDB);
            // in cluster mode they see the readings of their partitions, from Kafka.
            chain = chain.compose(v -> deploy(() -> rules, 1)).onSuccess(v -> {
                if (cluster == null) pipeline.addListener(rules);
            });
            String webhookFrom = cluster == null ? dev.vigil.gateway.alerts.StreamEvent.ADDRESS : dev.vigil.gateway.alerts.StreamEvent.STORED_ADDRESS;
            if (config.webhook().enabled()) chain = chain.compose(v -> deploy(() -> new WebhookSink(config.webhook(), webhookFrom), 1));
            if (config.cases().enabled()) {
                // disposal cases on their own context, fed by the alert events the rules publish
                dev.vigil.gateway.cases.Deadlines deadlines;
                try {
                    deadlines = dev.vigil.gateway.cases.Deadlines.load(Path.of(config.cases().deadlines()));
                } catch (dev.vigil.gateway.cases.Deadlines.Refused | java.io.UncheckedIOException e) {
                    return Future.failedFuture(new IllegalStateException("deadlines file refused: " + e.getMessage(), e));
                }
                cases = new dev.vigil.gateway.cases.CasesVerticle(config.cases(), deadlines, alertStore, casesClock);
                // cluster mode: the cases follow the alert log; steps go there; the log's writer makes the automatic ones
                if (cluster != null) cases.clustered(cluster.caseOutput(), cluster::alertLogWriter);
                metrics.openCasesGauges(cases::openByLevel, cases::overdueByLevel);
                chain = chain.compose(v -> deploy(() -> cases, 1));
            }
        }
        InfluxConfig influx = sink instanceof InfluxTelemetrySink s ? s.config()
                : sink instanceof SpoolSink sp ? sp.writer().config() : config.influx();
        // log-in and access control in front of every /api route (the audit trail goes through the alert store's writer)
        dev.vigil.gateway.history.InfluxQueryClient influxQueries = new dev.vigil.gateway.history.InfluxQueryClient(influx);
        AuditLog audit = new AuditLog(alertStore == null ? null : alertStore::writeLine, influxQueries);
        mounts.add(0, new AuthRoutes(vertx, config.auth(), users, audit));
        if (rules != null) {
            if (cluster != null) {
                rules.answerFrom(new dev.vigil.gateway.cluster.ClusterAlertQueries(vertx, cluster,
                        new dev.vigil.gateway.alerts.AlertHistory(alertStore), rules.engineQueries()));
            }
            alertQueries = rules.queries();
            mounts.add(new AlertsApi(alertQueries, audit));
        }
        if (cases != null) mounts.add(new dev.vigil.gateway.cases.CasesApi(cases, audit));
        { // history, replay and evidence API under /api/v1 (exports are recorded by the alert store's writer)
            mounts.add(new dev.vigil.gateway.history.HistoryApi(vertx, registry::get, influxQueries,
                    dev.vigil.gateway.history.HistoryOptions.of(config.history(), java.time.ZoneId.of(config.alerts().timeZone()),
                            Path.of(config.zones())),
                    rules, alertStore == null ? null : alertStore::writeLine, Principal::scopeOf, audit));
        }
        // supervision reports under /api/v1/reports (online and valid-data rates, disposal figures)
        mounts.add(dev.vigil.gateway.reports.ReportsApi.of(vertx, registry::get, influxQueries, config.reports(),
                config.history().chunkSize(), java.time.ZoneId.of(config.alerts().timeZone()), Principal::scopeOf));
        // the ingest code compiled before the first device connects (the rules warm up in their verticle)
        if (config.validation().warmupMs() > 0) chain = chain.compose(v -> warmUpIngest(config.validation().warmupMs()));
        adapters.addAll(enabledAdapters());
        for (ProtocolAdapter a : adapters) chain = chain.compose(v -> startAdapter(a));
        chain = chain.compose(v -> deploy(() -> http = new HttpApi(config.http(), mounts), 1));
        // Every port is bound and no other single-node gateway keeps this database's alerts: only now
        // may the gateway write (held-back alert events, last-seen times).
        if (rules != null && cluster == null) {
            lease = new GatewayLease(vertx, alertStore, leaseOwner(), LEASE_RENEW_MS, alertStore.database());
            chain = chain.compose(v -> lease.acquire()).compose(v -> rules.activate());
            if (cases != null) chain = chain.compose(v -> cases.activate());
        }
        if (cluster != null) {
            // several gateways share the database in cluster mode: no single-node lease; the groups share the work
            if (rules != null) chain = chain.compose(v -> rules.activate());
            chain = chain.compose(v -> cluster.start(rules, config.alerts().ruleQueue(), alertStore));
            if (cases != null) chain = chain.compose(v -> cases.activate());
        }
        return chain.compose(v -> watchRegistry());
    }

    /** Decodes and encodes synthetic payloads of the registered profiles on a worker ({@link IngestWarmUp}). */
    private Future<Void> warmUpIngest(long budgetMs) {
        DeviceRegistry reg = registry.get();
        return vertx.executeBlocking(() -> IngestWarmUp.run(reg, decoder, INGEST_WARM_UP_PAYLOADS, budgetMs * 1_000_000L), false)
                .map(r -> {
                    LOG.info("ingest warmed up: {} synthetic payloads decoded ({} refused on purpose), {} readings encoded, in {} ms",
                            r.payloads(), r.refused(), r.readings(), r.nanos() / 1_000_000);
                    return null;
                });
    }

    /** Who this gateway is, stable across restarts: the host and the configured ports. */
    private String leaseOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + " (MQTT port " + config.mqtt().port() + ", HTTP port " + config.http().port() + ")";
    }

    private Future<Void> startAdapter(ProtocolAdapter a) {
        adapterStatus.starting(a.name(), a.starting());
        a.reportTo(adapterStatus);
        return deploy(a::newVerticle, a.instances())
                .onSuccess(x -> adapterStatus.up(a.name(), a.started()))
                .onFailure(t -> adapterStatus.down(a.name(), "cannot start: " + t.getMessage()));
    }

    /** Reloads the registry when its file changes; a broken file is refused and the previous registry stays. */
    private Future<Void> watchRegistry() {
        long pollMs = config.alerts().reloadPollMs();
        Path file = Path.of(config.registry());
        if (pollMs <= 0 || !file.toFile().isFile()) return Future.succeededFuture();
        registryWatcher = new RegistryWatcher(vertx, file, registry, pollMs, this::onRegistryChanged);
        return registryWatcher.start();
    }

    private void onRegistryChanged(DeviceRegistry previous, DeviceRegistry next) {
        if (rules != null) rules.replaceRegistry(next);
        if (mqtt != null) mqtt.disconnectUnregistered(next);
    }

    private String adapterSummary() {
        List<String> parts = new ArrayList<>();
        for (ProtocolAdapter a : adapters) parts.add(a.name() + " " + a.started());
        return parts.isEmpty() ? "no protocol adapter" : String.join(", ", parts);
    }

    private Future<Void> deploy(Supplier<Deployable> factory, int instances) {
        return vertx.deployVerticle(factory, new DeploymentOptions().setInstances(instances))
                .onSuccess(deployments::add)
                .mapEmpty();
    }

    private Map<String, Object> healthFacts() {
        Map<String, Object> facts = new java.util.LinkedHashMap<>();
        facts.put("devices", registry.get().devices().size());
        facts.put("mqtt_connections", mqtt == null ? 0 : mqtt.connections());
        String problem = registryWatcher == null ? null : registryWatcher.problem();
        if (problem != null) facts.put("registry_refused", problem);
        return facts;
    }

    /** Undeploys every verticle and closes the sink (flushing pending writes). */
    public Future<Void> stop() {
        if (registryWatcher != null) registryWatcher.stop();
        if (rules != null) pipeline.removeListener(rules);
        // cluster mode: leave the groups first (the rules consumer checkpoints and hands its devices over)
        Future<Void> chain = cluster == null ? Future.succeededFuture() : cluster.stop().recover(t -> {
            LOG.warn("cluster: stop: {}", t.getMessage());
            return Future.succeededFuture();
        });
        List<String> ids = new ArrayList<>(deployments);
        Collections.reverse(ids);
        for (String id : ids) chain = chain.eventually(() -> vertx.undeploy(id));
        if (lease != null) chain = chain.eventually(lease::release);
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

    /** Port of the MQTT endpoint (all instances share it), or -1 when MQTT is off. */
    public int mqttPort() {
        return mqtt == null ? -1 : mqtt.port();
    }

    /** Port of MQTT over TLS, or -1 when MQTT or its TLS port is off. */
    public int mqttTlsPort() {
        return mqtt == null ? -1 : mqtt.tlsPort();
    }

    /** Plain CoAP port, or -1 when CoAP is off. */
    public int coapPort() {
        return coap == null ? -1 : coap.plainPort();
    }

    /** DTLS port, or -1 when DTLS is off. */
    public int coapDtlsPort() {
        return coap == null ? -1 : coap.dtlsPort();
    }

    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** Where adapters report their state for {@code /ready}. */
    public AdapterStatus adapterStatus() {
        return adapterStatus;
    }

    /** The broker bridge, or null when {@code bridge.enabled} is false. */
    public MqttBridge bridge() {
        return bridge == null ? null : bridge.bridge();
    }

    /** Port of the HJ 212 endpoint, or -1 when it is off. */
    public int hj212Port() {
        return hj212 == null ? -1 : hj212.port();
    }

    /** The HJ 212 endpoint's frame counters, or null when it is off. */
    public Hj212Stats hj212Stats() {
        return hj212 == null ? null : hj212.stats();
    }

    /** The JT/T 808 endpoint, or null when {@code jt808.enabled} is false. */
    public Jt808Endpoint jt808() {
        return jt808 == null ? null : jt808.endpoint();
    }

    /** The alert queries of the running rules, or null when alerts are disabled. */
    public AlertQueries alerts() {
        return rules == null ? null : alertQueries != null ? alertQueries : rules.queries();
    }

    /** This gateway's part in the cluster, or null on a single node. */
    public dev.vigil.gateway.cluster.ClusterNode cluster() {
        return cluster;
    }

    public DefaultTelemetryPipeline pipeline() {
        return pipeline;
    }

    /** The registry in force (it changes when the registry file does). */
    public DeviceRegistry registry() {
        return registry.get();
    }

    public Vertx vertx() {
        return vertx;
    }
}

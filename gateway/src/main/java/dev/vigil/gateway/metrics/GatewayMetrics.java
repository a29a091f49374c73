package dev.vigil.gateway.metrics;

import dev.vigil.gateway.pipeline.PipelineStats;
import dev.vigil.gateway.storage.InfluxTelemetrySink;
import dev.vigil.rules.Level;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's Micrometer metrics, exposed in Prometheus format on {@code /metrics}: pipeline
 * counters, InfluxDB writes, rule evaluation time, open alerts, connected devices, and (when the
 * Vert.x instance was built with {@link #vertxBuilder()}) Vert.x's own server and pool metrics.
 *
 * <p>The hot path stays cheap: pipeline and sink counters remain plain {@code LongAdder}s and are
 * read only when Prometheus scrapes, through function counters bound here.
 */
public final class GatewayMetrics {
    private final PrometheusMeterRegistry registry;
    private final PipelineMeters pipelineMeters;
    private final Timer ruleEvaluation;
    private final Timer influxWrite;
    private final Timer influxWriteFailed;
    private final DistributionSummary influxBatch;
    private final java.util.Set<String> adapterGauges = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile dev.vigil.gateway.health.AdapterStatus adapters;

    /** Metrics in a new Prometheus registry. */
    public GatewayMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public GatewayMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.pipelineMeters = new PipelineMeters(registry);
        this.ruleEvaluation = Timer.builder("vigil.rules.evaluation")
                .description("Time to evaluate the rules of one batch of readings")
                .publishPercentiles(0.5, 0.99, 0.999)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
        this.influxWrite = influxTimer("success");
        this.influxWriteFailed = influxTimer("failure");
        this.influxBatch = DistributionSummary.builder("vigil.influx.batch.size")
                .description("Points per HTTP write to InfluxDB")
                .baseUnit("points")
                .register(registry);
    }

    private Timer influxTimer(String outcome) {
        return Timer.builder("vigil.influx.write")
                .description("Duration of one HTTP write to InfluxDB, by outcome")
                .tag("outcome", outcome)
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
    }

    /**
     * A Vert.x builder whose instance reports its own metrics (net and HTTP servers, pools) into
     * this registry; the event-bus and verticle domains are left out.
     */
    public VertxBuilder vertxBuilder() {
        MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true)
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                .addDisabledMetricsCategory(MetricsDomain.VERTICLES);
        return Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    /**
     * Registers meters for protocols and refusal reasons that appeared since the last call; the
     * scrape handler calls it before each scrape.
     */
    public void refresh() {
        pipelineMeters.refresh();
        dev.vigil.gateway.health.AdapterStatus a = adapters;
        if (a == null) return;
        for (String name : a.snapshot().keySet()) {
            if (!adapterGauges.add(name)) continue;
            Gauge.builder("vigil.adapter.up", a, s -> {
                        dev.vigil.gateway.health.AdapterStatus.Report r = s.get(name);
                        return r != null && r.state() == dev.vigil.gateway.health.AdapterStatus.State.UP ? 1 : 0;
                    })
                    .description("1 while the protocol adapter is up, else 0")
                    .tag("adapter", name).strongReference(true).register(registry);
        }
    }

    /** Publishes the pipeline's counters (received, accepted, refused by protocol and reason). */
    public void bindPipeline(PipelineStats stats) {
        pipelineMeters.bind(stats);
    }

    /** Records one rule evaluation (the rules verticle calls this). */
    public void recordRuleEvaluation(long nanos) {
        ruleEvaluation.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Publishes the rule contexts' queues: readings waiting for evaluation, and readings stored but
     * not evaluated because a context's queue was full.
     */
    public void bindRuleQueues(java.util.function.LongSupplier dropped, java.util.function.LongSupplier queued) {
        io.micrometer.core.instrument.FunctionCounter.builder("vigil.rules.dropped", dropped, d -> d.getAsLong())
                .description("Readings stored but not evaluated by the rules because a rule context's queue was full")
                .register(registry);
        Gauge.builder("vigil.rules.queued", queued, q -> q.getAsLong())
                .description("Readings waiting for rule evaluation over all rule contexts")
                .register(registry);
    }

    /** Records one InfluxDB write: its duration, the points it carried and whether it succeeded. */
    public void recordInfluxWrite(int points, long nanos, boolean succeeded) {
        (succeeded ? influxWrite : influxWriteFailed).record(nanos, TimeUnit.NANOSECONDS);
        influxBatch.record(points);
    }

    /**
     * Publishes the InfluxDB sink's figures: write latency and batch sizes (through its write
     * observer), points pending, points written, failed writes and overload refusals.
     */
    public void bindInfluxSink(InfluxTelemetrySink sink) {
        sink.setWriteObserver(this::recordInfluxWrite);
        gauge("vigil.influx.pending", "Readings accepted by the sink and not yet written", sink,
                InfluxTelemetrySink::pendingPoints);
        counter("vigil.influx.overload.refusals", "Writes refused because too many points were pending", sink,
                InfluxTelemetrySink::overloadRejections);
        bindInfluxCounters(sink.writer());
    }

    /** Publishes the write latency, batch sizes and counters of an InfluxDB writer (cluster mode: the storage group's). */
    public void bindInfluxWriter(dev.vigil.gateway.storage.InfluxWriter w) {
        w.setWriteObserver(this::recordInfluxWrite);
        bindInfluxCounters(w);
    }

    private void bindInfluxCounters(dev.vigil.gateway.storage.InfluxWriter w) {
        counter("vigil.influx.points.written", "Points InfluxDB accepted", w, dev.vigil.gateway.storage.InfluxWriter::pointsWritten);
        counter("vigil.influx.points.failed", "Points in failed writes", w, dev.vigil.gateway.storage.InfluxWriter::failedPoints);
        counter("vigil.influx.batches.failed", "HTTP writes that failed", w, dev.vigil.gateway.storage.InfluxWriter::failedBatches);
    }

    /**
     * Publishes the spool's figures ({@code vigil_spool_*}: bytes and readings waiting, age of the
     * oldest, readings replayed, dead letters, refusals when full, bytes on disk) and the InfluxDB
     * writes of its replayer.
     */
    public void bindSpool(dev.vigil.gateway.spool.SpoolSink spool) {
        spool.writer().setWriteObserver(this::recordInfluxWrite);
        bindInfluxCounters(spool.writer());
        var a = spool.accounting();
        gauge("vigil.spool.bytes", "Bytes of line protocol spooled and not yet in InfluxDB", a, x -> x.pendingBytes());
        gauge("vigil.spool.disk.bytes", "Bytes of the spool's files on disk (RocksDB SST files and memtables)", spool,
                s -> s.diskBytes());
        gauge("vigil.spool.readings", "Readings spooled and not yet in InfluxDB", a, x -> x.pendingReadings());
        gauge("vigil.spool.oldest.age.seconds", "Age of the oldest reading not yet in InfluxDB", a,
                x -> x.oldestPendingAgeSeconds());
        counter("vigil.spool.replayed.readings", "Readings the replayer wrote to InfluxDB (rate = replay rate)", a,
                x -> x.replayedReadings());
        counter("vigil.spool.dead.letters.readings", "Readings InfluxDB refused with 400, moved to the dead letters", a,
                x -> x.deadLetteredReadings());
        counter("vigil.spool.commits", "Group commits (one fsync each) of the spool", a, x -> x.commits());
        counter("vigil.spool.appends", "Messages appended to the spool (appends / commits = messages per fsync)", a,
                x -> x.appends());
        counter("vigil.spool.full.refusals", "Writes refused because the spool was full", a, x -> x.refusedFull());
    }

    /**
     * Publishes the number of open alerts per level ({@code vigil_alerts_open{level="red"}}); the
     * supplier is asked at each scrape and may leave levels without alerts out.
     */
    public void openAlertsGauge(Supplier<Map<Level, Integer>> openAlerts) {
        for (Level level : Level.values()) {
            Gauge.builder("vigil.alerts.open", openAlerts, s -> {
                        Map<Level, Integer> m = s.get();
                        Integer n = m == null ? null : m.get(level);
                        return n == null ? 0 : n;
                    })
                    .description("Alerts open now, by level")
                    .tag("level", level.labelEn())
                    .strongReference(true)
                    .register(registry);
        }
    }

    /**
     * Publishes the disposal cases not yet closed ({@code vigil_cases_open}) and those of them past
     * a deadline ({@code vigil_cases_overdue}), by level.
     */
    public void openCasesGauges(Supplier<Map<Level, Integer>> open, Supplier<Map<Level, Integer>> overdue) {
        for (Level level : Level.values()) {
            Gauge.builder("vigil.cases.open", open, s -> {
                        Integer n = s.get() == null ? null : s.get().get(level);
                        return n == null ? 0 : n;
                    })
                    .description("Disposal cases not closed (nor false alarms), by level")
                    .tag("level", level.labelEn())
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("vigil.cases.overdue", overdue, s -> {
                        Integer n = s.get() == null ? null : s.get().get(level);
                        return n == null ? 0 : n;
                    })
                    .description("Disposal cases with a step past its deadline, by level")
                    .tag("level", level.labelEn())
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Publishes the number of devices connected over a protocol ({@code vigil_devices_connected}). */
    /** Source addresses refused now for repeated failed log-ins ({@code auth_guard}). */
    public void authGuardGauge(Supplier<? extends Number> blocked) {
        Gauge.builder("vigil.auth.blocked.addresses", blocked, s -> s.get().doubleValue())
                .description("Source addresses refused now after repeated failed log-ins")
                .strongReference(true)
                .register(registry);
    }

    public void connectedDevicesGauge(String protocol, Supplier<? extends Number> connected) {
        Gauge.builder("vigil.devices.connected", connected, s -> s.get().doubleValue())
                .description("Devices connected now, by protocol")
                .tag("protocol", protocol)
                .strongReference(true)
                .register(registry);
    }

    /**
     * Publishes each adapter's state as {@code vigil_adapter_up{adapter="mqtt"}} (1 up, 0 not),
     * for adapters that have reported by the time of a scrape.
     */
    public void bindAdapters(dev.vigil.gateway.health.AdapterStatus adapters) {
        this.adapters = adapters;
        refresh();
    }

    /** Publishes any other value read at scrape time (e.g. a sink's pending writes). */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).strongReference(true).register(registry);
    }

    /** Publishes a monotonically increasing value read at scrape time. */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, source, value).description(description)
                .register(registry);
    }
}

package dev.vigil.gateway.alerts;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.rules.Level;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * POSTs every alert event at or above the configured level to the webhook URL as JSON (the same
 * object as the live stream), one at a time and in order. A failed attempt (connection error,
 * timeout, or a status other than 2xx) is retried up to {@code max_retries} times, waiting
 * {@code backoff_ms} and doubling the wait each time; an event that still fails is logged and
 * dropped. Events wait in a bounded queue; when it is full the oldest is dropped and logged.
 */
public final class WebhookSink extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
    private static final long MAX_BACKOFF_MS = 60_000;

    private final GatewayConfig.Webhook config;
    private final Level minLevel;
    private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
    private HttpClient client;
    private MessageConsumer<StreamEvent> consumer;
    private boolean sending;
    private boolean stopped;
    private long delivered;
    private long failed;
    private long droppedFull;

    private final String address;

    public WebhookSink(GatewayConfig.Webhook config) {
        this(config, StreamEvent.ADDRESS);
    }

    /** A webhook fed from another event-bus address (cluster mode: only the gateway writing the alert log sends). */
    public WebhookSink(GatewayConfig.Webhook config, String address) {
        this.config = config;
        this.minLevel = Level.parse(config.minLevel());
        this.address = address;
    }

    @Override
    public Future<?> start() {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMs())));
        consumer = vertx.eventBus().localConsumer(address, m -> enqueue(m.body()));
        LOG.info("webhook: alert events at {} and above go to {}", minLevel.labelEn(), config.url());
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        if (!queue.isEmpty()) LOG.warn("webhook: {} alert events not sent at shutdown", queue.size());
        return consumer.unregister().eventually(() -> client.close());
    }

    private void enqueue(StreamEvent e) {
        if (e.level().ordinal() < minLevel.ordinal()) return;
        if (queue.size() >= config.queueSize()) {
            StreamEvent old = queue.pollFirst();
            droppedFull++;
            LOG.error("webhook queue full ({} events): dropped {} {} of {}", config.queueSize(),
                    old.kind(), old.alertId(), old.deviceId());
        }
        queue.addLast(e);
        if (!sending) sendNext();
    }

    private void sendNext() {
        StreamEvent e = queue.pollFirst();
        if (e == null || stopped) {
            sending = false;
            return;
        }
        sending = true;
        attempt(e, 0);
    }

    private void attempt(StreamEvent e, int retry) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(config.url())
                .setIdleTimeout(config.timeoutMs()).setConnectTimeout(config.timeoutMs())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("X-Vigil-Event", e.kind());
        client.request(o)
                .compose(req -> req.send(Buffer.buffer(e.json())))
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .timeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .onComplete(ar -> {
                    String problem = ar.failed() ? String.valueOf(ar.cause().getMessage())
                            : ar.result() / 100 == 2 ? null : "HTTP " + ar.result();
                    if (problem == null) {
                        delivered++;
                        sendNext();
                        return;
                    }
                    if (retry < config.maxRetries() && !stopped) {
                        long wait = Math.min(MAX_BACKOFF_MS, config.backoffMs() << Math.min(retry, 20));
                        LOG.warn("webhook POST of {} {} to {} failed ({}); retry {} of {} in {} ms", e.kind(),
                                e.alertId(), config.url(), problem, retry + 1, config.maxRetries(), wait);
                        vertx.setTimer(wait, id -> attempt(e, retry + 1));
                    } else {
                        failed++;
                        LOG.error("webhook POST of {} {} to {} failed after {} attempts ({}); event dropped",
                                e.kind(), e.alertId(), config.url(), retry + 1, problem);
                        sendNext();
                    }
                });
    }

    /** Events delivered (2xx) since start. */
    public long delivered() {
        return delivered;
    }

    /** Events given up after every retry failed. */
    public long failed() {
        return failed;
    }

    /** Events dropped because the queue was full. */
    public long droppedFull() {
        return droppedFull;
    }
}

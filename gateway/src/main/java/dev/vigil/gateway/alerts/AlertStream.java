package dev.vigil.gateway.alerts;

import dev.vigil.gateway.auth.Principal;
import dev.vigil.gateway.history.Scope;
import dev.vigil.gateway.http.HttpApi;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/alerts/stream}: every alert event (and every step of a disposal case: kind
 * transition or overdue, see {@link AlertJson#caseEvent}) from now on that matches the query's filters
 * (see {@link AlertFilter}), one JSON object per event — as Server-Sent Events ({@code data: {...}}
 * blocks, a {@code : ping} comment every 15 s) or, when the request asks to upgrade, as WebSocket
 * text messages. A subscriber that does not keep up loses events (counted and logged) rather than
 * holding up the others. Only the caller's alerts are sent (its {@link Scope}, checked per event).
 */
final class AlertStream {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStream.class);
    private static final long PING_MS = 15_000;

    void handle(RoutingContext ctx) {
        AlertFilter filter;
        try {
            filter = AlertFilter.parse(ctx.queryParams(), AlertFilter.State.ALL);
        } catch (AlertFilter.BadParameter e) {
            HttpApi.error(ctx.response(), 400, e.getMessage());
            return;
        }
        Scope scope = Principal.scopeOf(ctx);
        AlertFilter given = filter;
        java.util.function.Predicate<StreamEvent> wanted = e -> e.visibleTo(scope) && e.matches(given);
        HttpServerRequest req = ctx.request();
        if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            webSocket(ctx.vertx(), req, wanted);
        } else {
            sse(ctx.vertx(), ctx.response(), wanted);
        }
    }

    private static void sse(Vertx vertx, HttpServerResponse resp, java.util.function.Predicate<StreamEvent> filter) {
        resp.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        long[] dropped = {0};
        MessageConsumer<StreamEvent> c = vertx.eventBus().localConsumer(StreamEvent.ADDRESS, m -> {
            StreamEvent e = m.body();
            if (!filter.test(e)) return;
            if (resp.writeQueueFull()) {
                if (dropped[0]++ % 100 == 0) LOG.warn("SSE subscriber too slow: {} alert events dropped", dropped[0]);
                return;
            }
            resp.write("data: " + e.json() + "\n\n");
        });
        // the first bytes tell the client it is subscribed
        c.completion().onComplete(ar -> resp.write(": vigil alert stream\n\n"));
        long ping = vertx.setPeriodic(PING_MS, id -> {
            if (!resp.writeQueueFull()) resp.write(": ping\n\n");
        });
        resp.closeHandler(v -> {
            c.unregister();
            vertx.cancelTimer(ping);
        });
    }

    /** Subscribes before the upgrade, so the stream is live once the client sees the handshake. */
    private static void webSocket(Vertx vertx, HttpServerRequest req, java.util.function.Predicate<StreamEvent> filter) {
        ServerWebSocket[] socket = {null};
        long[] dropped = {0};
        MessageConsumer<StreamEvent> c = vertx.eventBus().localConsumer(StreamEvent.ADDRESS, m -> {
            ServerWebSocket ws = socket[0];
            StreamEvent e = m.body();
            if (ws == null || !filter.test(e)) return;
            if (ws.writeQueueFull()) {
                if (dropped[0]++ % 100 == 0) LOG.warn("WebSocket subscriber too slow: {} alert events dropped", dropped[0]);
                return;
            }
            ws.writeTextMessage(e.json());
        });
        req.toWebSocket().onSuccess(ws -> {
            socket[0] = ws;
            ws.closeHandler(v -> c.unregister());
        }).onFailure(t -> {
            c.unregister();
            LOG.warn("WebSocket upgrade of {} failed: {}", req.uri(), t.getMessage());
        });
    }
}

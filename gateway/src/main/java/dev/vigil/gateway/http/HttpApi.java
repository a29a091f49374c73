package dev.vigil.gateway.http;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.security.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway's HTTP server (HTTPS when {@code http.cert_file} and {@code http.key_file} are set):
 * each part of the gateway (health, metrics, alerts, dashboard) mounts its routes on the one router;
 * errors are answered as JSON {@code {"error": ..., "status": ...}}.
 */
public final class HttpApi extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final GatewayConfig.Http config;
    private final List<Consumer<Router>> mounts;
    private HttpServer server;

    public HttpApi(GatewayConfig.Http config, List<Consumer<Router>> mounts) {
        this.config = config;
        this.mounts = mounts;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        BodyHandler body = BodyHandler.create().setBodyLimit(1024 * 1024);
        // A WebSocket upgrade (the live alert stream) must reach its handler unread.
        router.route().handler(ctx -> {
            if ("websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) ctx.next();
            else body.handle(ctx);
        });
        mounts.forEach(m -> m.accept(router));
        router.route().last().handler(ctx -> error(ctx.response(), 404, "no such resource: " + ctx.request().path()));
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            String msg = ctx.failure() == null ? "request failed" : ctx.failure().getMessage();
            if (status >= 500) LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            error(ctx.response(), status, msg);
        });
        HttpServerOptions options = new HttpServerOptions();
        if (config.tls()) ServerTls.apply(options, config.certFile(), config.keyFile(), null, "none");
        try {
            server = vertx.createHttpServer(options);
        } catch (RuntimeException e) { // Vert.x reads the PEM files here
            return Future.failedFuture(tlsProblem(e));
        }
        return server.requestHandler(router).listen(config.port(), config.host())
                .recover(t -> Future.failedFuture(config.tls() && !(t instanceof java.net.BindException) ? tlsProblem(t) : t))
                .onSuccess(s -> LOG.info("HTTP API listening on {}:{}{}", config.host(), s.actualPort(), config.tls() ? " (HTTPS)" : ""));
    }

    private Throwable tlsProblem(Throwable t) {
        if (!config.tls()) return t;
        return new IllegalStateException("HTTPS cannot start with http.cert_file " + config.certFile() + ", http.key_file "
                + config.keyFile() + ": " + t.getMessage(), t);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** Ends a response with a JSON error body. */
    public static void error(io.vertx.core.http.HttpServerResponse response, int status, String message) {
        if (response.ended()) return;
        response.setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(new JsonObject().put("status", status).put("error", message).encode());
    }
}

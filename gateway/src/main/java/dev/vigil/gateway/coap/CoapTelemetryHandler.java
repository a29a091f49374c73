package dev.vigil.gateway.coap;

import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.gateway.security.AuthGuard;
import dev.vigil.gateway.security.AuthGuardLog;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Handles one telemetry request: hops from Californium's thread onto the endpoint's Vert.x
 * context, authenticates the device, checks size, Content-Format and rate, hands the payload to
 * the pipeline and answers when the pipeline's future completes.
 *
 * <p>A confirmable request still unanswered after {@code ackDelayMillis} gets an empty ACK, and
 * its response follows separately (RFC 7252 §5.2.2), so the client does not retransmit while
 * storage is slow.
 */
final class CoapTelemetryHandler {
    private final CoapConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private final Context context;
    private final DeviceRateLimiter limiter;
    private final AuthGuard guard;

    CoapTelemetryHandler(CoapConfig config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline, Context context,
                         AuthGuard guard) {
        this.guard = guard;
        this.config = config;
        this.registry = registry;
        this.pipeline = pipeline;
        this.context = context;
        this.limiter = new DeviceRateLimiter(config.ratePerSecond(), config.rateBurst(), System::nanoTime);
    }

    /**
     * Called on a Californium thread; everything else happens on the Vert.x context.
     *
     * @param authenticate finds the device in the current registry, or returns null
     * @param refusal      the 4.01 diagnostic when it returns null
     */
    void handle(CoapExchange exchange, Function<DeviceRegistry, Device> authenticate, String refusal) {
        long receivedAt = System.currentTimeMillis();
        context.runOnContext(v -> process(exchange, authenticate, refusal, receivedAt));
    }

    /** Counts and logs a request refused before any device could be named (called on a Californium thread). */
    void refusedBeforeIdentity(CoapExchange exchange, String why) {
        pipeline.refused("coap", String.valueOf(exchange.getSourceSocketAddress()), new Rejection(Rejection.Reason.BAD_CREDENTIALS, why));
    }

    private void process(CoapExchange exchange, Function<DeviceRegistry, Device> authenticate, String refusal, long receivedAt) {
        String address = exchange.getSourceAddress().getHostAddress();
        long blocked = guard.blockedFor(address);
        if (blocked > 0) {
            long seconds = (blocked + 999) / 1000;
            String why = "address " + address + " is refused for " + seconds + " s after repeated failed log-ins";
            pipeline.refused("coap", address, new Rejection(Rejection.Reason.AUTH_BLOCKED, why));
            exchange.respond(CoapResponses.retryLater(ResponseCode.TOO_MANY_REQUESTS, why, seconds));
            return;
        }
        Device device = authenticate.apply(registry.get());
        if (device == null) {
            pipeline.refused("coap", String.valueOf(exchange.getSourceSocketAddress()),
                    new Rejection(Rejection.Reason.BAD_CREDENTIALS, refusal));
            if (guard.failed(address)) AuthGuardLog.blocked("coap", address, guard);
            exchange.respond(CoapResponses.diagnostic(ResponseCode.UNAUTHORIZED, refusal));
            return;
        }
        byte[] payload = exchange.getRequestPayload();
        if (payload.length > config.maxPayloadBytes()) {
            pipeline.refused("coap", device.id(), new Rejection(Rejection.Reason.TOO_LARGE, "payload of " + payload.length
                    + " bytes exceeds the limit of " + config.maxPayloadBytes() + " bytes"));
            exchange.respond(CoapResponses.tooLarge(payload.length, config.maxPayloadBytes()));
            return;
        }
        OptionSet options = exchange.getRequestOptions();
        RawMessage.Format format = options.hasContentFormat() ? formatOf(options.getContentFormat()) : null;
        if (format == null) {
            String why = options.hasContentFormat()
                    ? "Content-Format " + options.getContentFormat() + " (" + MediaTypeRegistry.toString(options.getContentFormat())
                      + ") is not accepted: send 50 (application/json) or 60 (application/cbor)"
                    : "missing Content-Format option: send 50 (application/json) or 60 (application/cbor)";
            pipeline.refused("coap", device.id(), new Rejection(Rejection.Reason.UNSUPPORTED_FORMAT, why));
            exchange.respond(CoapResponses.diagnostic(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, why));
            return;
        }
        if (!isBackfill(payload, format)) {
            long wait = limiter.tryAcquire(device.id());
            if (wait > 0) {
                String why = "device " + device.id() + " exceeds " + config.ratePerSecond() + " readings/s; retry in " + wait
                        + " s (backfill arrays are never limited)";
                pipeline.refused("coap", device.id(), new Rejection(Rejection.Reason.RATE_LIMITED, why));
                exchange.respond(CoapResponses.retryLater(ResponseCode.TOO_MANY_REQUESTS, why, wait));
                return;
            }
        }
        long timer = exchange.advanced().getRequest().isConfirmable() && config.ackDelayMillis() > 0
                ? context.owner().setTimer(config.ackDelayMillis(), id -> exchange.accept()) : -1;
        Future<Void> stored;
        try {
            stored = pipeline.accept(new RawMessage("coap", device.id(), payload, format, receivedAt));
        } catch (RuntimeException e) {
            stored = Future.failedFuture(e);
        }
        stored.onComplete(ar -> {
            if (timer >= 0) context.owner().cancelTimer(timer);
            Response response = ar.succeeded() ? CoapResponses.changed()
                    : CoapResponses.forFailure(ar.cause(), config.retryAfterSeconds());
            exchange.respond(response);
        });
    }

    private static RawMessage.Format formatOf(int contentFormat) {
        return switch (contentFormat) {
            case MediaTypeRegistry.APPLICATION_JSON -> RawMessage.Format.JSON;
            case MediaTypeRegistry.APPLICATION_CBOR -> RawMessage.Format.CBOR;
            default -> null;
        };
    }

    /** True when the payload is an array (a backfill): JSON '[' or a CBOR major type 4 item. */
    static boolean isBackfill(byte[] payload, RawMessage.Format format) {
        if (format == RawMessage.Format.CBOR) return payload.length > 0 && (payload[0] & 0xE0) == 0x80;
        for (byte b : payload) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') continue;
            return b == '[';
        }
        return false;
    }
}

package dev.vigil.gateway.coap;

import dev.vigil.profile.Device;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;

import java.security.Principal;
import java.util.List;

/**
 * The CoAP resources devices post telemetry to: {@code /api/v1/{token}/telemetry} (ThingsBoard's
 * convention, token in the path) and {@code /telemetry} for devices authenticated by their DTLS
 * PSK identity. POST and PUT are equivalent.
 */
final class TelemetryResources {
    private TelemetryResources() {}

    /** The {@code api} resource with its {@code v1/{token}/telemetry} subtree. */
    static CoapResource tokenTree(CoapTelemetryHandler handler) {
        CoapResource api = new CoapResource("api");
        api.add(new TokenResource(handler));
        return api;
    }

    /** The {@code telemetry} resource for DTLS-authenticated devices. */
    static CoapResource dtlsTelemetry(CoapTelemetryHandler handler) {
        return new DtlsTelemetryResource(handler);
    }

    /** The device id of the request's DTLS PSK identity, or null on plain CoAP. */
    static String pskIdentity(CoapExchange exchange) {
        Principal p = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        return p instanceof PreSharedKeyIdentity psk ? psk.getIdentity() : null;
    }

    /** {@code v1}: answers for every {@code v1/{token}/telemetry} below it and checks the path shape itself. */
    private static final class TokenResource extends CoapResource {
        private final CoapTelemetryHandler handler;

        TokenResource(CoapTelemetryHandler handler) {
            super("v1");
            this.handler = handler;
            getAttributes().setTitle("POST telemetry to /api/v1/{access token}/telemetry (JSON 50 or CBOR 60)");
        }

        @Override
        public Resource getChild(String name) {
            return this; // {token} and telemetry levels: the path is checked in handle()
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            handle(exchange);
        }

        @Override
        public void handlePUT(CoapExchange exchange) {
            handle(exchange);
        }

        private void handle(CoapExchange exchange) {
            List<String> path = exchange.getRequestOptions().getUriPath();
            if (path.size() != 4 || !"telemetry".equals(path.get(3))) {
                exchange.respond(CoapResponses.diagnostic(ResponseCode.NOT_FOUND, "no resource /" + String.join("/", path)
                        + ": post telemetry to /api/v1/{access token}/telemetry"));
                return;
            }
            String token = path.get(2);
            String identity = pskIdentity(exchange);
            handler.handle(exchange, registry -> {
                Device d = registry.byToken(token);
                return d != null && (identity == null || identity.equals(d.id())) ? d : null;
            }, identity == null ? "unknown access token" : "unknown access token for DTLS identity " + identity);
        }
    }

    /** {@code telemetry}: the device is the DTLS session's PSK identity. */
    private static final class DtlsTelemetryResource extends CoapResource {
        private final CoapTelemetryHandler handler;

        DtlsTelemetryResource(CoapTelemetryHandler handler) {
            super("telemetry");
            this.handler = handler;
            getAttributes().setTitle("POST telemetry over DTLS; the PSK identity is the device id (JSON 50 or CBOR 60)");
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            handle(exchange);
        }

        @Override
        public void handlePUT(CoapExchange exchange) {
            handle(exchange);
        }

        private void handle(CoapExchange exchange) {
            String identity = pskIdentity(exchange);
            if (identity == null) {
                handler.refusedBeforeIdentity(exchange,
                        "/telemetry needs a DTLS session with the device's PSK; over plain CoAP post to /api/v1/{access token}/telemetry");
                exchange.respond(CoapResponses.diagnostic(ResponseCode.UNAUTHORIZED,
                        "/telemetry needs a DTLS session with the device's PSK; over plain CoAP post to /api/v1/{access token}/telemetry"));
                return;
            }
            handler.handle(exchange, registry -> registry.byId(identity), "DTLS identity " + identity + " is not a registered device");
        }
    }
}

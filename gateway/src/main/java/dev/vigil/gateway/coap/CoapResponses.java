package dev.vigil.gateway.coap;

import dev.vigil.profile.Rejection;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;

/**
 * Maps the outcome of a reading to a CoAP response: 2.04 when stored, otherwise the
 * {@link Rejection.Reason} in CoAP's terms with the rejection message as a text/plain diagnostic
 * payload (RFC 7252 §5.5.2).
 *
 * <p>STORAGE_FAILED is answered 5.03 with Max-Age like OVERLOADED, not 5.00: the reading was
 * valid, the device should keep it and retry later, which is what 5.03 + Max-Age tells a client;
 * 5.00 would suggest the request itself broke the server.
 */
final class CoapResponses {
    private CoapResponses() {}

    static Response changed() {
        return new Response(ResponseCode.CHANGED);
    }

    static Response forFailure(Throwable cause, int retryAfterSeconds) {
        if (!(cause instanceof Rejection r)) {
            return diagnostic(ResponseCode.INTERNAL_SERVER_ERROR, "internal error: " + cause.getClass().getSimpleName());
        }
        return switch (r.reason()) {
            case MALFORMED, UNKNOWN_FIELD, WRONG_TYPE, OUT_OF_RANGE, TIMESTAMP_SKEW, TOPIC_INVALID ->
                    diagnostic(ResponseCode.BAD_REQUEST, r.getMessage());
            case TOO_LARGE -> diagnostic(ResponseCode.REQUEST_ENTITY_TOO_LARGE, r.getMessage());
            case UNSUPPORTED_FORMAT -> diagnostic(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, r.getMessage());
            case UNKNOWN_DEVICE, BAD_CREDENTIALS -> diagnostic(ResponseCode.UNAUTHORIZED, r.getMessage());
            case NOT_AUTHORIZED -> diagnostic(ResponseCode.FORBIDDEN, r.getMessage());
            case RATE_LIMITED, AUTH_BLOCKED -> diagnostic(ResponseCode.TOO_MANY_REQUESTS, r.getMessage());
            case OVERLOADED, STORAGE_FAILED -> retryLater(ResponseCode.SERVICE_UNAVAILABLE, r.getMessage(), retryAfterSeconds);
        };
    }

    /** 4.13 with the Size1 option telling the client the largest body accepted (RFC 7959 §4). */
    static Response tooLarge(int size, int max) {
        Response resp = diagnostic(ResponseCode.REQUEST_ENTITY_TOO_LARGE,
                "payload of " + size + " bytes exceeds the limit of " + max + " bytes");
        resp.getOptions().setSize1(max);
        return resp;
    }

    /** A response that tells the client when to try again (Max-Age, RFC 7252 §5.9.3.4 / RFC 8516). */
    static Response retryLater(ResponseCode code, String text, long seconds) {
        Response resp = diagnostic(code, text);
        resp.getOptions().setMaxAge(seconds);
        return resp;
    }

    static Response diagnostic(ResponseCode code, String text) {
        Response resp = new Response(code);
        resp.setPayload(text);
        resp.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        return resp;
    }
}

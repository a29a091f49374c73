package dev.vigil.profile;

/**
 * Why a reading (or a connection) was refused; every adapter maps the {@link Reason} to its own
 * protocol's terms (MQTT 5 reason code, CoAP response code, HTTP status) and sends the message
 * back as the reason string / diagnostic payload.
 */
public final class Rejection extends RuntimeException {

    /** The kinds of refusal, each with the metric label used for counting it. */
    public enum Reason {
        MALFORMED("malformed"),
        UNKNOWN_FIELD("unknown_field"),
        WRONG_TYPE("wrong_type"),
        OUT_OF_RANGE("out_of_range"),
        TIMESTAMP_SKEW("timestamp_skew"),
        TOO_LARGE("too_large"),
        UNSUPPORTED_FORMAT("unsupported_format"),
        UNKNOWN_DEVICE("unknown_device"),
        BAD_CREDENTIALS("bad_credentials"),
        NOT_AUTHORIZED("not_authorized"),
        RATE_LIMITED("rate_limited"),
        AUTH_BLOCKED("auth_blocked"),
        TOPIC_INVALID("topic_invalid"),
        OVERLOADED("overloaded"),
        STORAGE_FAILED("storage_failed");

        private final String label;

        Reason(String label) { this.label = label; }

        /** Short snake_case label for logs and metrics. */
        public String label() { return label; }

        /** True for reasons caused by the payload itself (as opposed to auth or the gateway). */
        public boolean isPayloadProblem() {
            return this == MALFORMED || this == UNKNOWN_FIELD || this == WRONG_TYPE
                    || this == OUT_OF_RANGE || this == TIMESTAMP_SKEW || this == TOO_LARGE
                    || this == UNSUPPORTED_FORMAT;
        }
    }

    private final Reason reason;
    private final String field;

    public Rejection(Reason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public Rejection(Reason reason, String message) {
        this(reason, null, message);
    }

    public Reason reason() { return reason; }

    /** The offending field, or null when the problem is not about one field. */
    public String field() { return field; }
}

package dev.vigil.gateway.jt808;

/**
 * A JT/T 808 frame or message body that cannot be used, with the reason counted in metrics
 * ({@code vigil_jt808_frames_dropped_total{reason}}) and a message for the log.
 */
public final class FrameException extends Exception {

    /** Why a frame was dropped; the label is the metric tag. */
    public enum Reason {
        CHECK_CODE("check_code"),
        ESCAPE("escape"),
        TRUNCATED("truncated"),
        OVERSIZED("oversized"),
        LENGTH("length"),
        HEADER("header"),
        VERSION("version"),
        SPLIT("split"),
        BODY("body");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Reason reason;

    public FrameException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

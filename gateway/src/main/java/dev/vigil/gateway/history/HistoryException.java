package dev.vigil.gateway.history;

/**
 * A request the history API refuses: the HTTP status, the parameter at fault (or null) and a
 * message saying what would be accepted; answered as {@code {"error": ..., "field": ...}}.
 */
public final class HistoryException extends RuntimeException {
    private final int status;
    private final String field;

    public HistoryException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** 400 naming the parameter. */
    public static HistoryException bad(String field, String message) {
        return new HistoryException(400, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}

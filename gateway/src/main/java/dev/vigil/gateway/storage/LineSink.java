package dev.vigil.gateway.storage;

/**
 * Where already-encoded line protocol goes (alert events, last-seen times): the spool when it is
 * on, else the {@link InfluxWriter} directly. Blocking; returns once the lines are durable.
 */
@FunctionalInterface
public interface LineSink {

    /** Stores {@code lines} lines of line protocol (millisecond timestamps), or throws. */
    void write(String text, int lines) throws Exception;
}

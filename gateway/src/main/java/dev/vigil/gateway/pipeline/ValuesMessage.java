package dev.vigil.gateway.pipeline;

import dev.vigil.profile.Reading;

import java.util.List;

/**
 * What an adapter whose protocol carries typed values (Modbus, HJ 212, JT/T 808) hands to the
 * pipeline: the authenticated device id and its readings as plain values, which the pipeline
 * validates exactly as it validates a JSON payload.
 *
 * @param protocol   "modbus", "hj212", "jt808" ...
 * @param deviceId   the device the adapter authenticated (or polled)
 * @param receivedAt receive time, epoch milliseconds (the time of a reading without ts, and "now"
 *                   for the timestamp skew check)
 * @param readings   one reading, or several (a batch: all or nothing)
 * @param backfill   true when the readings are legitimately old (stored and sent later): they get
 *                   no arrival time, so the clock-drift check skips them
 */
public record ValuesMessage(String protocol, String deviceId, long receivedAt, List<Reading> readings, boolean backfill) {

    /** A live message (not a backfill). */
    public ValuesMessage(String protocol, String deviceId, long receivedAt, List<Reading> readings) {
        this(protocol, deviceId, receivedAt, readings, false);
    }
}

package dev.vigil.gateway.pipeline;

/**
 * What a protocol adapter hands to the pipeline: an authenticated device id and the payload bytes
 * as received. Adapters know nothing of profiles, storage or rules.
 *
 * @param protocol   "mqtt", "coap", "bridge", "modbus" ...
 * @param deviceId   the device the adapter authenticated
 * @param payload    payload bytes
 * @param format     how to parse the payload
 * @param receivedAt receive time, epoch milliseconds
 * @param backfill   true when the message carries data that is legitimately old (a JT/T 808 0x0704
 *                   batch, HJ 212 minute / hour / day data): its readings get no arrival time, so
 *                   the clock-drift check skips them
 */
public record RawMessage(String protocol, String deviceId, byte[] payload, Format format, long receivedAt, boolean backfill) {

    /** Payload encodings the pipeline decodes. */
    public enum Format { JSON, CBOR }

    /** A live message (not a backfill). */
    public RawMessage(String protocol, String deviceId, byte[] payload, Format format, long receivedAt) {
        this(protocol, deviceId, payload, format, receivedAt, false);
    }
}

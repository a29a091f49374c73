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
 */
public record RawMessage(String protocol, String deviceId, byte[] payload, Format format, long receivedAt) {

    /** Payload encodings the pipeline decodes. */
    public enum Format { JSON, CBOR }
}

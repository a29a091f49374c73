package dev.vigil.profile;

import java.util.Map;

/**
 * One reading as a protocol adapter produces it when its protocol carries typed values rather than
 * a JSON or CBOR document (a Modbus poll, an HJ 212 frame, a JT/T 808 position report): a time and
 * the values by field name, not yet validated. {@link TelemetryDecoder#decodeValues} checks it
 * exactly as it checks a JSON reading.
 *
 * @param ts     the reading's time in epoch milliseconds, or null to use the receive time
 * @param values field name to value: {@link Number}, {@link Boolean} or {@link String}; a null value
 *               means the field is absent, as a JSON null does
 */
public record Reading(Long ts, Map<String, Object> values) {

    public Reading {
        if (values == null) throw new IllegalArgumentException("values must not be null");
    }
}

package dev.vigil.profile.jt808;

import java.util.Map;

/**
 * How one JT/T 808 additional-information item of a location report (0x0200) becomes a profile
 * field: the item id, where its value sits in the item's bytes, and how it is scaled or named.
 *
 * @param id     item id, 0x00-0xFF (vendor items usually 0xE0-0xFF)
 * @param field  the profile field it fills
 * @param type   width of the big-endian unsigned value: byte, word (2 bytes) or dword (4 bytes)
 * @param offset byte offset of the value inside the item's content
 * @param scale  multiplier applied to a numeric value (e.g. 0.1 for mileage in 1/10 km)
 * @param values for enum fields: raw value to enum name; a value not listed decodes to null
 */
public record ItemRule(int id, String field, Width type, int offset, double scale, Map<Long, String> values) {

    /** Widths of the standard's unsigned integers. */
    public enum Width {
        BYTE(1), WORD(2), DWORD(4);

        public final int bytes;

        Width(int bytes) {
            this.bytes = bytes;
        }
    }

    public ItemRule {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    /** The unsigned raw value inside an item's content, or null when the content is too short. */
    public Long raw(byte[] content) {
        if (content == null || offset < 0 || content.length < offset + type.bytes) return null;
        long v = 0;
        for (int i = 0; i < type.bytes; i++) v = (v << 8) | (content[offset + i] & 0xFF);
        return v;
    }

    /**
     * The field value of an item: an enum name (null when the raw value is not listed), or the
     * scaled number (a whole number stays a Long when the scale is 1).
     */
    public Object decode(byte[] content) {
        Long raw = raw(content);
        if (raw == null) return null;
        if (!values.isEmpty()) return values.get(raw);
        if (scale == 1.0) return raw;
        // divide by the inverse when it is whole, so 123 * 0.1 gives 12.3 exactly as written
        double inverse = 1.0 / scale;
        return Math.rint(inverse) == inverse ? raw / inverse : raw * scale;
    }
}

package dev.vigil.profile;

import java.util.List;

/**
 * One field of a device profile: its type, unit, valid range or allowed values, and labels in
 * Chinese and English.
 *
 * @param name      field name as it appears in payloads and in InfluxDB
 * @param type      value type
 * @param unit      unit symbol (may be empty)
 * @param min       lowest valid value for number/integer fields, or null for no bound
 * @param max       highest valid value for number/integer fields, or null for no bound
 * @param values    allowed values of an enum field (empty otherwise)
 * @param maxLength longest accepted string for string fields
 * @param labelZh   Chinese label
 * @param labelEn   English label
 * @param code      the field's code in an external protocol (e.g. HJ 212 pollutant code "a21026"),
 *                  or null
 */
public record FieldSpec(String name, FieldType type, String unit, Double min, Double max,
                        List<String> values, int maxLength, String labelZh, String labelEn, String code) {

    /** Default longest accepted string value. */
    public static final int DEFAULT_MAX_LENGTH = 256;

    public FieldSpec {
        values = values == null ? List.of() : List.copyOf(values);
        unit = unit == null ? "" : unit;
        if (maxLength <= 0) maxLength = DEFAULT_MAX_LENGTH;
    }

    /** A field without an external protocol code. */
    public FieldSpec(String name, FieldType type, String unit, Double min, Double max,
                     List<String> values, int maxLength, String labelZh, String labelEn) {
        this(name, type, unit, min, max, values, maxLength, labelZh, labelEn, null);
    }

    /** True when the field holds a number or integer. */
    public boolean numeric() {
        return type == FieldType.NUMBER || type == FieldType.INTEGER;
    }

    /** Human-readable valid range, e.g. "[-5, 100]", for error messages. */
    public String rangeText() {
        return "[" + (min == null ? "-inf" : fmt(min)) + ", " + (max == null ? "+inf" : fmt(max)) + "]";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

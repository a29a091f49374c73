package dev.vigil.profile.modbus;

import dev.vigil.profile.FieldSpec;

import java.math.BigDecimal;

/**
 * Turns an entry's raw value into the value of its profile field, typed as {@link dev.vigil.profile.Telemetry}
 * expects: scale and offset for numbers (in decimal arithmetic, so 2150 × 0.1 is 215.0), the
 * enumeration for enum fields, non-zero for booleans.
 */
public final class FieldValues {

    private FieldValues() {}

    /**
     * @throws RegisterDecodeException when the raw value has no meaning for the field (a status
     *                                 code missing from the enumeration, NaN, a fraction for an
     *                                 integer field)
     */
    public static Object toField(RegisterSpec spec, FieldSpec field, Object raw) {
        String pre = spec.where() + ": field '" + field.name() + "' (" + spec.table().yamlName() + " " + spec.address() + "): ";
        switch (field.type()) {
            case BOOLEAN -> {
                return raw instanceof Boolean b ? b : ((Number) raw).doubleValue() != 0;
            }
            case ENUM -> {
                long code = raw instanceof Boolean b ? (b ? 1 : 0) : ((Number) raw).longValue();
                String v = spec.enumeration().get(code);
                if (v == null) v = spec.enumDefault();
                if (v == null) {
                    throw new RegisterDecodeException(field.name(), pre + "raw value " + code
                            + " is not in the enumeration " + spec.enumeration().keySet());
                }
                return v;
            }
            case STRING -> {
                return raw.toString();
            }
            case NUMBER, INTEGER -> {
                double d = raw instanceof Boolean b ? (b ? 1 : 0) : ((Number) raw).doubleValue();
                if (!Double.isFinite(d)) throw new RegisterDecodeException(field.name(), pre + "raw value " + d + " is not a finite number");
                BigDecimal v = raw instanceof Long l ? BigDecimal.valueOf(l) : BigDecimal.valueOf(d);
                if (spec.scale() != 1.0) v = v.multiply(BigDecimal.valueOf(spec.scale()));
                if (spec.offset() != 0.0) v = v.add(BigDecimal.valueOf(spec.offset()));
                if (field.type() == dev.vigil.profile.FieldType.NUMBER) {
                    double out = v.doubleValue();
                    if (!Double.isFinite(out)) {
                        throw new RegisterDecodeException(field.name(), pre + "scaled value " + v + " is beyond the range of a number");
                    }
                    return out;
                }
                if (v.stripTrailingZeros().scale() > 0) {
                    throw new RegisterDecodeException(field.name(), pre + "scaled value " + v.toPlainString() + " is not an integer");
                }
                try {
                    return v.longValueExact();
                } catch (ArithmeticException e) {
                    throw new RegisterDecodeException(field.name(), pre + "scaled value " + v + " is beyond the 64-bit integer range");
                }
            }
            default -> throw new IllegalStateException("unhandled field type " + field.type());
        }
    }
}

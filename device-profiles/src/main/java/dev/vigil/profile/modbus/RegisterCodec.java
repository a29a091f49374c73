package dev.vigil.profile.modbus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Converts between raw Modbus items (16-bit registers or single bits, as unsigned ints) and the raw
 * value of one register-map entry: {@link Long} for integers, {@link Double} for floats,
 * {@link Boolean} for bits, {@link String} for strings. Scaling and enumerations are applied later
 * by {@link FieldValues}.
 */
public final class RegisterCodec {

    private RegisterCodec() {}

    /**
     * Decodes the entry's raw value from {@code data}, whose element {@code from} is the entry's
     * first item. Float32 values are widened through their shortest decimal form, so a register
     * pair holding 12.34f yields 12.34 rather than 12.340000152587891.
     */
    public static Object decode(RegisterSpec spec, int[] data, int from) {
        if (spec.table().bits()) return data[from] != 0;
        if (spec.type() == DataType.BIT) return ((data[from] >> spec.bit()) & 1) != 0;
        if (spec.type() == DataType.STRING) return decodeString(spec, data, from);
        byte[] wire = new byte[spec.count() * 2];
        for (int i = 0; i < spec.count(); i++) {
            wire[2 * i] = (byte) (data[from + i] >> 8);
            wire[2 * i + 1] = (byte) data[from + i];
        }
        ByteBuffer b = ByteBuffer.wrap(spec.order().rearrange(wire));
        return switch (spec.type()) {
            case INT16 -> (long) b.getShort();
            case UINT16 -> (long) (b.getShort() & 0xFFFF);
            case INT32 -> (long) b.getInt();
            case UINT32 -> b.getInt() & 0xFFFF_FFFFL;
            case INT64 -> b.getLong();
            case FLOAT32 -> Double.parseDouble(Float.toString(b.getFloat()));
            case FLOAT64 -> b.getDouble();
            default -> throw new IllegalStateException("unhandled type " + spec.type());
        };
    }

    private static String decodeString(RegisterSpec spec, int[] data, int from) {
        byte[] bytes = new byte[spec.length() * 2];
        boolean swap = spec.order() == RegisterOrder.BADC;
        for (int i = 0; i < spec.length(); i++) {
            byte hi = (byte) (data[from + i] >> 8);
            byte lo = (byte) data[from + i];
            bytes[2 * i] = swap ? lo : hi;
            bytes[2 * i + 1] = swap ? hi : lo;
        }
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) n++;
        return new String(bytes, 0, n, StandardCharsets.UTF_8).stripTrailing();
    }

    /**
     * Encodes a raw value (the inverse of {@link #decode}) into the items the entry occupies; for
     * simulators and tests. Numbers are converted to the entry's type (integers truncated); a bit
     * of a register encodes as the whole register with only that bit set.
     */
    public static int[] encode(RegisterSpec spec, Object raw) {
        if (spec.table().bits() || spec.type() == DataType.BIT) {
            boolean on = raw instanceof Boolean bo ? bo : ((Number) raw).longValue() != 0;
            return new int[] {spec.table().bits() ? (on ? 1 : 0) : (on ? 1 << spec.bit() : 0)};
        }
        if (spec.type() == DataType.STRING) return encodeString(spec, raw.toString());
        Number n = (Number) raw;
        ByteBuffer b = ByteBuffer.allocate(spec.count() * 2);
        switch (spec.type()) {
            case INT16, UINT16 -> b.putShort((short) n.longValue());
            case INT32, UINT32 -> b.putInt((int) n.longValue());
            case INT64 -> b.putLong(n.longValue());
            case FLOAT32 -> b.putFloat(n.floatValue());
            case FLOAT64 -> b.putDouble(n.doubleValue());
            default -> throw new IllegalStateException("unhandled type " + spec.type());
        }
        byte[] wire = spec.order().rearrange(b.array());
        int[] words = new int[spec.count()];
        for (int i = 0; i < words.length; i++) words[i] = ((wire[2 * i] & 0xFF) << 8) | (wire[2 * i + 1] & 0xFF);
        return words;
    }

    private static int[] encodeString(RegisterSpec spec, String s) {
        byte[] src = s.getBytes(StandardCharsets.UTF_8);
        int[] words = new int[spec.length()];
        boolean swap = spec.order() == RegisterOrder.BADC;
        for (int i = 0; i < words.length; i++) {
            int a = 2 * i < src.length ? src[2 * i] & 0xFF : 0;
            int c = 2 * i + 1 < src.length ? src[2 * i + 1] & 0xFF : 0;
            words[i] = swap ? (c << 8) | a : (a << 8) | c;
        }
        return words;
    }
}

package dev.vigil.profile.modbus;

/**
 * Byte and word order of a multi-register value, named by where the bytes of the big-endian value
 * ABCD (ABCDEFGH for 64-bit) arrive on the wire: ABCD big-endian, DCBA little-endian, BADC bytes
 * swapped within each register, CDAB registers in reverse order (GHEFCDAB for 64-bit).
 * For 16-bit values ABCD and CDAB mean AB, BADC and DCBA mean BA.
 */
public enum RegisterOrder {
    ABCD, CDAB, BADC, DCBA;

    /** The order with this name (case-insensitive), or null. */
    public static RegisterOrder fromYaml(String s) {
        for (RegisterOrder o : values()) if (o.name().equalsIgnoreCase(s)) return o;
        return null;
    }

    /**
     * Rearranges bytes between wire order and big-endian order. Each order is its own inverse, so
     * the same call serves decoding and encoding.
     */
    public byte[] rearrange(byte[] in) {
        int n = in.length;
        byte[] out = new byte[n];
        switch (this) {
            case ABCD -> System.arraycopy(in, 0, out, 0, n);
            case DCBA -> { for (int i = 0; i < n; i++) out[i] = in[n - 1 - i]; }
            case BADC -> { for (int i = 0; i + 1 < n; i += 2) { out[i] = in[i + 1]; out[i + 1] = in[i]; } }
            case CDAB -> {
                for (int w = 0; w < n / 2; w++) {
                    int src = n - 2 - 2 * w;
                    out[2 * w] = in[src];
                    out[2 * w + 1] = in[src + 1];
                }
            }
        }
        return out;
    }
}

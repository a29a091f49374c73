package dev.vigil.gateway.jt808;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The external JT/T 808 frames of {@code jt808/vectors.txt} (sources cited there), by name. */
final class Vectors {
    private Vectors() {}

    static Map<String, byte[]> all() {
        try (InputStream in = Vectors.class.getResourceAsStream("/jt808/vectors.txt")) {
            Map<String, byte[]> m = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] p = line.trim().split("\\s+");
                m.put(p[0], HexFormat.of().parseHex(p[1]));
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] frame(String name) {
        byte[] b = all().get(name);
        if (b == null) throw new IllegalArgumentException("no vector " + name);
        return b;
    }

    /** The escaped bytes between the delimiters of a whole frame. */
    static byte[] inner(byte[] frame) {
        byte[] out = new byte[frame.length - 2];
        System.arraycopy(frame, 1, out, 0, out.length);
        return out;
    }

    static Jt808Message decode(String name) throws FrameException {
        return Jt808Codec.decode(inner(frame(name)));
    }
}

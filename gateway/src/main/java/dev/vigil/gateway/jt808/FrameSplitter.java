package dev.vigil.gateway.jt808;

import java.util.Arrays;

/**
 * Cuts one connection's byte stream into frames at the 0x7e delimiters (plain Java, one per
 * connection, not thread-safe). A frame longer than the limit is dropped up to the next
 * delimiter and reported once; bytes after it are read as the next frame, so a bad frame never
 * costs the connection.
 */
public final class FrameSplitter {

    /** Receives what the splitter found. */
    public interface Sink {
        /** The bytes between two delimiters, still escaped. */
        void frame(byte[] escaped);

        /** A frame exceeded the limit and is being skipped. */
        void oversized(int limit);
    }

    private final int maxFrameBytes;
    private byte[] buf = new byte[256];
    private int len;
    private boolean skipping;

    /** @param maxFrameBytes longest frame accepted, escaped, without its delimiters */
    public FrameSplitter(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Feeds received bytes; complete frames and oversize reports go to {@code sink} in order. */
    public void feed(byte[] data, int off, int n, Sink sink) {
        for (int i = off; i < off + n; i++) {
            byte b = data[i];
            if ((b & 0xFF) == Jt808Codec.DELIMITER) {
                if (skipping) {
                    skipping = false;
                } else if (len > 0) {
                    sink.frame(Arrays.copyOf(buf, len));
                }
                len = 0;
                continue;
            }
            if (skipping) continue;
            if (len == maxFrameBytes) {
                skipping = true;
                len = 0;
                sink.oversized(maxFrameBytes);
                continue;
            }
            if (len == buf.length) buf = Arrays.copyOf(buf, Math.min(maxFrameBytes, buf.length * 2));
            buf[len++] = b;
        }
    }

    /** Bytes of an unfinished frame held now. */
    public int pending() {
        return len;
    }
}

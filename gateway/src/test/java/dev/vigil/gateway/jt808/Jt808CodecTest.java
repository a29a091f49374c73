package dev.vigil.gateway.jt808;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bad frames are refused with the right reason; the splitter and reassembler keep going after them. */
class Jt808CodecTest {

    private static FrameException.Reason reasonOf(byte[] inner) {
        return assertThrows(FrameException.class, () -> Jt808Codec.decode(inner)).reason();
    }

    @Test
    void badCheckCode() {
        byte[] in = Vectors.inner(Vectors.frame("a-0102-2013"));
        in[in.length - 1] ^= 0x01;
        FrameException e = assertThrows(FrameException.class, () -> Jt808Codec.decode(in));
        assertEquals(FrameException.Reason.CHECK_CODE, e.reason());
        assertEquals("check code 0x00 does not match the XOR of header and body 0x01", e.getMessage());
    }

    @Test
    void wrongEscape() {
        byte[] in = Vectors.inner(Vectors.frame("a-0102-2013"));
        byte[] bad = Arrays.copyOf(in, in.length + 2);
        System.arraycopy(in, 4, bad, 6, in.length - 4);
        bad[4] = 0x7d;
        bad[5] = 0x03;
        assertEquals(FrameException.Reason.ESCAPE, reasonOf(bad));
        assertEquals(FrameException.Reason.ESCAPE, reasonOf(new byte[] {0x01, 0x7d}));
    }

    @Test
    void truncatedAndLengthMismatch() {
        byte[] in = Vectors.inner(Vectors.frame("a-0200-2013"));
        // cut the body short and fix the check code: the header still announces 0x7c bytes
        byte[] cut = withCheckCode(Arrays.copyOf(in, 40));
        FrameException e = assertThrows(FrameException.class, () -> Jt808Codec.decode(cut));
        assertEquals(FrameException.Reason.TRUNCATED, e.reason());
        assertEquals("message 0x0200: body of 27 bytes, the header announces 124", e.getMessage());
        assertEquals(FrameException.Reason.TRUNCATED, reasonOf(withCheckCode(new byte[] {0x02, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0})));
        byte[] longer = Arrays.copyOf(in, in.length + 1);
        longer[longer.length - 2] = 0x11;
        assertEquals(FrameException.Reason.LENGTH, reasonOf(withCheckCode(longer)));
    }

    @Test
    void phoneMustBeBcd() {
        byte[] in = Vectors.inner(Vectors.frame("a-0102-2013")).clone();
        in[4] = (byte) 0xAB;
        assertEquals(FrameException.Reason.HEADER, reasonOf(withCheckCode(in)));
    }

    /** Replaces the last byte with the XOR of the others. */
    static byte[] withCheckCode(byte[] b) {
        int x = 0;
        for (int i = 0; i < b.length - 1; i++) x ^= b[i];
        b[b.length - 1] = (byte) x;
        return b;
    }

    @Test
    void splitterCutsAtDelimitersAndSkipsOversizedFrames() {
        List<String> got = new ArrayList<>();
        FrameSplitter s = new FrameSplitter(8);
        FrameSplitter.Sink sink = new FrameSplitter.Sink() {
            @Override
            public void frame(byte[] escaped) {
                got.add(HexFormat.of().formatHex(escaped));
            }

            @Override
            public void oversized(int limit) {
                got.add("oversized " + limit);
            }
        };
        byte[] stream = HexFormat.of().parseHex("7e01027e7e" + "0102030405060708090a0b" + "7e7e0304");
        s.feed(stream, 0, 10, sink);            // a frame split across reads
        s.feed(stream, 10, stream.length - 10, sink);
        s.feed(HexFormat.of().parseHex("057e"), 0, 2, sink);
        assertEquals(List.of("0102", "oversized 8", "030405"), got);
    }

    @Test
    void reassemblesSplitPacketsInAnyOrder() throws Exception {
        Reassembler r = new Reassembler(1024);
        Jt808Header first = new Jt808Header(0x0704, 2, 0, true, false, 0, "013912345678", 10, 3, 1);
        assertNull(r.add(new Jt808Message(first, new byte[] {1, 2})));
        assertNull(r.add(new Jt808Message(new Jt808Header(0x0704, 1, 0, true, false, 0, "013912345678", 12, 3, 3), new byte[] {5})));
        Jt808Message whole = r.add(new Jt808Message(new Jt808Header(0x0704, 2, 0, true, false, 0, "013912345678", 11, 3, 2), new byte[] {3, 4}));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, whole.body());
        assertEquals(0, r.pendingMessages());
        assertEquals(FrameException.Reason.SPLIT, assertThrows(FrameException.class, () -> r.add(new Jt808Message(
                new Jt808Header(0x0704, 1, 0, true, false, 0, "1", 1, 2, 3), new byte[] {1}))).reason());
    }

    @Test
    void encodeEscapesDelimiterAndEscapeBytesInTheBody() throws Exception {
        Jt808Header h = new Jt808Header(0x8001, 0, 0, false, false, 0, "013912345678", 0x7e7d, 0, 0);
        byte[] frame = Jt808Codec.encode(h, Replies.general(0x7d7e, 0x0200, 0));
        for (int i = 1; i < frame.length - 1; i++) {
            if (frame[i] == 0x7e) throw new AssertionError("unescaped 0x7e at " + i);
        }
        Jt808Message back = Jt808Codec.decode(Vectors.inner(frame));
        assertEquals(h.withBodyLength(5), back.header());
        assertArrayEquals(Replies.general(0x7d7e, 0x0200, 0), back.body());
    }
}

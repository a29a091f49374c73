package dev.vigil.gateway.jt808;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzz target for the JT/T 808 frame decoder: any byte stream goes through the splitter, the
 * codec, the reassembler and the location parser, which may refuse it only with a
 * {@link FrameException}; whatever decodes must re-encode to a frame that decodes the same.
 *
 * <p>In a normal {@code mvn verify} the seed corpus ({@code Jt808FrameFuzzTestInputs/decodeStream}:
 * the published frames of {@code jt808/vectors.txt} and broken variants) runs as a regression
 * test; with {@code JAZZER_FUZZ=1} Jazzer fuzzes it.
 */
class Jt808FrameFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodeStream(byte[] data) {
        Reassembler reassembler = new Reassembler(4096);
        new FrameSplitter(512).feed(data, 0, data.length, new FrameSplitter.Sink() {
            @Override
            public void frame(byte[] escaped) {
                try {
                    Jt808Message m = Jt808Codec.decode(escaped);
                    roundTrip(m);
                    if (m.header().split()) m = reassembler.add(m);
                    if (m == null) return;
                    if (m.header().messageId() == 0x0200) LocationReport.parse(m.body(), 0, m.body().length);
                    if (m.header().messageId() == 0x0704) LocationReport.parseBatch(m.body());
                    if (m.header().messageId() == 0x0102) Replies.authCode(m.body(), m.header().v2019());
                } catch (FrameException expected) {
                    // refused with a reason: what the endpoint counts and logs
                }
            }

            @Override
            public void oversized(int limit) {
                assertEquals(512, limit);
            }
        });
    }

    private static void roundTrip(Jt808Message m) throws FrameException {
        byte[] frame = Jt808Codec.encode(m.header(), m.body());
        Jt808Message again = Jt808Codec.decode(Arrays.copyOfRange(frame, 1, frame.length - 1));
        assertEquals(m.header(), again.header());
        assertArrayEquals(m.body(), again.body());
    }
}

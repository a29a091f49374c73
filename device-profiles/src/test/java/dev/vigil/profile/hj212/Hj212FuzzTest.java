package dev.vigil.profile.hj212;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for the HJ 212 frame decoder and data-segment parser: any byte stream, cut into
 * chunks anywhere, must only ever yield segments whose check code was right, never throw anything
 * but {@link Hj212FormatException} from the parser, and keep its buffer within one frame. Without
 * {@code JAZZER_FUZZ=1} it replays its seed inputs ({@code Hj212FuzzTestInputs/frames/}) as a
 * regression test in the normal build.
 */
class Hj212FuzzTest {
    private static final int MAX = 1024;

    @FuzzTest(maxDuration = "30s")
    void frames(byte[] input) {
        List<String> segments = new ArrayList<>();
        Hj212FrameDecoder d = new Hj212FrameDecoder(MAX, new Hj212FrameDecoder.Listener() {
            @Override
            public void onSegment(String s) {
                segments.add(s);
            }

            @Override
            public void onDrop(Hj212FrameDecoder.Drop reason, String detail) {
                // dropped frames are fine; the decoder must go on
            }
        });
        int cut = input.length == 0 ? 0 : (input[0] & 0xFF) % 17 + 1;
        for (int i = 0; i < input.length; i += cut) d.feed(input, i, Math.min(cut, input.length - i));
        assertTrue(d.pending() <= MAX + Hj212Frame.OVERHEAD + cut, "pending " + d.pending());
        for (String s : segments) {
            byte[] b = s.getBytes(Hj212Frame.CHARSET);
            assertTrue(b.length <= MAX);
            try {
                Hj212Packet p = Hj212Parser.parse(s);
                String reply = Hj212Parser.dataResponse(p);
                List<String> back = new ArrayList<>();
                new Hj212FrameDecoder(9999, new Hj212FrameDecoder.Listener() {
                    @Override
                    public void onSegment(String seg) {
                        back.add(seg);
                    }

                    @Override
                    public void onDrop(Hj212FrameDecoder.Drop reason, String detail) {
                        back.add("DROP " + reason);
                    }
                }).feed(Hj212Frame.encode(reply));
                assertEquals(List.of(reply), back, "a reply frame decodes to itself");
            } catch (Hj212FormatException expected) {
                // a refusal naming the field is the parser's answer to nonsense
            }
        }
    }
}

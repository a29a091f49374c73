package dev.vigil.profile.hj212;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HJ 212 frame decoder and data-segment parser on frames Vigil did not produce, and on broken ones. */
class Hj212CodecTest {
    static final String STANDARD = "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80";

    /** What a decoder reported. */
    static final class Recorder implements Hj212FrameDecoder.Listener {
        final List<String> segments = new ArrayList<>();
        final List<Hj212FrameDecoder.Drop> drops = new ArrayList<>();

        @Override
        public void onSegment(String s) {
            segments.add(s);
        }

        @Override
        public void onDrop(Hj212FrameDecoder.Drop reason, String detail) {
            drops.add(reason);
        }
    }

    static Recorder decode(int max, byte[]... chunks) {
        Recorder r = new Recorder();
        Hj212FrameDecoder d = new Hj212FrameDecoder(max, r);
        for (byte[] c : chunks) d.feed(c);
        return r;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void crcIsTheStandardsNotModbus() {
        assertEquals(0x2F80, Hj212Crc.of(bytes("123456789")));
        assertEquals(0x1C80, Hj212Crc.of(bytes(STANDARD.substring(6, STANDARD.length() - 4))));
    }

    @Test
    void externalFramesDecodeWithTheirPublishedCheckCodes() throws IOException {
        int ok = 0, bad = 0;
        for (String line : lines("/hj212/external-frames.txt")) {
            String outcome = line.substring(0, line.indexOf(' '));
            String frame = line.substring(outcome.length() + 1);
            Recorder r = decode(9999, bytes(frame + "\r\n"));
            if (outcome.equals("ok")) {
                assertEquals(List.of(frame.substring(6, frame.length() - 4)), r.segments, frame);
                assertEquals(List.of(), r.drops);
                Hj212Packet p = Hj212Parser.parse(r.segments.get(0));
                assertEquals(frame.substring(6, frame.length() - 4), reassemble(p, r.segments.get(0)), "parse keeps every item");
                ok++;
            } else {
                assertEquals(List.of(), r.segments, frame);
                assertEquals(List.of(Hj212FrameDecoder.Drop.BAD_CRC), r.drops);
                bad++;
            }
        }
        assertEquals(6, ok);
        assertEquals(1, bad);
    }

    /** Rebuilds the CP text from the parsed groups, to show nothing was lost or reordered. */
    private static String reassemble(Hj212Packet p, String segment) {
        StringBuilder cp = new StringBuilder();
        for (Map<String, String> g : p.cp()) {
            if (cp.length() > 0) cp.append(';');
            StringBuilder items = new StringBuilder();
            g.forEach((k, v) -> items.append(items.length() == 0 ? "" : ",").append(k).append('=').append(v));
            cp.append(items);
        }
        return segment.substring(0, segment.indexOf("CP=&&") + 5) + cp + "&&";
    }

    @Test
    void standardExampleParsesFieldByField() {
        Hj212Packet p = Hj212Parser.parse(decode(1024, bytes(STANDARD + "\r\n")).segments.get(0));
        assertEquals("20160801085857223", p.qn());
        assertEquals("32", p.st());
        assertEquals("1062", p.cn());
        assertEquals("100000", p.pw());
        assertEquals("010000A8900016F000169DC0", p.mn());
        assertEquals(5, p.flag());
        assertTrue(p.answerWanted());
        assertFalse(p.split());
        assertEquals(1, p.version());
        assertEquals(List.of(Map.of("RtdInterval", "30")), p.cp());
    }

    @Test
    void splitPacketAndSubValues() throws IOException {
        String frame = lines("/hj212/external-frames.txt").stream().filter(l -> l.contains("PNUM=2")).findFirst().orElseThrow().substring(3);
        Hj212Packet p = Hj212Parser.parse(frame.substring(6, frame.length() - 4));
        assertEquals(7, p.flag());
        assertTrue(p.split());
        assertEquals(2, p.pnum());
        assertEquals(1, p.pno());
        assertEquals("20201029121000", p.cpValue("DataTime"));
        assertEquals("0.000", p.cpValue("a21005-ZsAvg"));
        assertEquals("B", p.cpValue("a21005-Flag"));
        assertEquals(9, p.cp().size());
    }

    @Test
    void lowerCaseCheckCodeIsAccepted() {
        assertEquals(1, decode(1024, bytes(STANDARD.substring(0, STANDARD.length() - 4) + "1c80\r\n")).segments.size());
    }

    @Test
    void framesSplitAcrossReadsAndBackToBack() {
        byte[] f = bytes(STANDARD + "\r\n");
        List<byte[]> chunks = new ArrayList<>();
        byte[] two = new byte[f.length * 2];
        System.arraycopy(f, 0, two, 0, f.length);
        System.arraycopy(f, 0, two, f.length, f.length);
        for (int i = 0; i < two.length; i += 7) chunks.add(java.util.Arrays.copyOfRange(two, i, Math.min(two.length, i + 7)));
        Recorder r = decode(1024, chunks.toArray(new byte[0][]));
        assertEquals(2, r.segments.size());
        assertEquals(List.of(), r.drops);
    }

    @Test
    void brokenFramesAreDroppedAndTheNextOneStillDecodes() {
        String good = STANDARD + "\r\n";
        String truncated = STANDARD.substring(0, 60);
        String badLength = "##0100" + STANDARD.substring(6) + "\r\n";
        String notDigits = "##01a1" + STANDARD.substring(6) + "\r\n";
        String badCrc = STANDARD.substring(0, STANDARD.length() - 4) + "1C81\r\n";
        for (String bad : List.of(truncated, badLength, notDigits, badCrc, "garbage\r\n")) {
            Recorder r = decode(1024, bytes(bad + good));
            assertEquals(1, r.segments.size(), bad);
            assertFalse(r.drops.isEmpty(), bad);
        }
        assertEquals(List.of(Hj212FrameDecoder.Drop.BAD_CRC), decode(1024, bytes(badCrc)).drops);
        Recorder tooBig = decode(64, bytes(good));
        assertEquals(List.of(), tooBig.segments);
        assertEquals(Hj212FrameDecoder.Drop.OVERSIZED, tooBig.drops.get(0));
    }

    @Test
    void truncatedFrameWaitsAndCanBeDiscarded() {
        Recorder r = new Recorder();
        Hj212FrameDecoder d = new Hj212FrameDecoder(1024, r);
        d.feed(bytes(STANDARD.substring(0, 50)));
        assertEquals(50, d.pending());
        assertEquals(50, d.discardPending());
        d.feed(bytes(STANDARD + "\r\n"));
        assertEquals(1, r.segments.size());
    }

    @Test
    void malformedSegmentsNameTheField() {
        assertEquals("no CP=&&...&& in the data segment",
                assertThrows(Hj212FormatException.class, () -> Hj212Parser.parse("QN=20160801085857223;ST=32;CN=2011")).getMessage());
        assertEquals("missing CN (command code)",
                assertThrows(Hj212FormatException.class, () -> Hj212Parser.parse("ST=32;CP=&&&&")).getMessage());
        assertEquals("Flag 'x' is not a number",
                assertThrows(Hj212FormatException.class, () -> Hj212Parser.parse("CN=2011;Flag=x;CP=&&&&")).getMessage());
        assertEquals("QN '2016' is not YYYYMMDDhhmmsszzz",
                assertThrows(Hj212FormatException.class, () -> Hj212Parser.parse("QN=2016;CN=2011;CP=&&&&")).getMessage());
        assertEquals("CP item 'a21026-Rtd' is not key=value",
                assertThrows(Hj212FormatException.class, () -> Hj212Parser.parse("CN=2011;CP=&&a21026-Rtd&&")).getMessage());
        assertEquals("unknown header field 'XX': expected " + java.util.Set.of("QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO"),
                assertThrows(Hj212FormatException.class, () -> Hj212Parser.parse("XX=1;CN=2011;CP=&&&&")).getMessage());
    }

    @Test
    void dataResponseKeepsTheQn() {
        Hj212Packet p = Hj212Parser.parse(STANDARD.substring(6, STANDARD.length() - 4));
        String reply = Hj212Parser.dataResponse(p);
        assertEquals("QN=20160801085857223;ST=91;CN=9014;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&", reply);
        byte[] f = Hj212Frame.encode(reply);
        Recorder r = decode(1024, f);
        assertEquals(List.of(reply), r.segments);
        assertNull(Hj212Parser.parse(reply).cpValue("DataTime"));
    }

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = Hj212CodecTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}

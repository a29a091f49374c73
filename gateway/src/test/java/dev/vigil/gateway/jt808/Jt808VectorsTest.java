package dev.vigil.gateway.jt808;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The codec against frames published by other JT/T 808 implementations (see
 * {@code jt808/vectors.txt} for each source): headers of both editions, location reports with
 * their decoded values, batches, and the platform replies encoded byte for byte.
 */
class Jt808VectorsTest {

    private static long beijing(int y, int mo, int d, int h, int mi, int s) {
        return LocalDateTime.of(y, mo, d, h, mi, s).atZone(LocationReport.BEIJING).toInstant().toEpochMilli();
    }

    @Test
    void everyVectorDecodesAndReencodesToTheSameBytes() throws Exception {
        for (Map.Entry<String, byte[]> v : Vectors.all().entrySet()) {
            if (v.getKey().startsWith("c-")) continue;
            Jt808Message m = Jt808Codec.decode(Vectors.inner(v.getValue()));
            assertArrayEquals(v.getValue(), Jt808Codec.encode(m.header(), m.body()), v.getKey());
        }
    }

    @Test
    void headers2013And2019() throws Exception {
        Jt808Header h13 = Vectors.decode("a-0100-2013").header();
        assertEquals(new Jt808Header(0x0100, 46, 0, false, false, 0, "123456789012", 0x7fff, 0, 0), h13);
        Jt808Header h19 = Vectors.decode("a-0100-2019").header();
        assertEquals(new Jt808Header(0x0100, 85, 0, false, true, 1, "12345678901234567890", 0xffff, 0, 0), h19);
        assertEquals(17, h19.length());
        // the same terminal in both editions: 012345678901 and 00000000017299841738 are different phones,
        // but leading zeros never matter
        assertEquals("12345678901", Vectors.decode("a-0200-2013").header().phoneKey());
        assertEquals("17299841738", Vectors.decode("a-0200-2019").header().phoneKey());
    }

    @Test
    void authenticationCode2013IsTheWholeBody() throws Exception {
        Jt808Message m = Vectors.decode("a-0102-2013");
        assertEquals("abc@123&456", Replies.authCode(m.body(), false));
    }

    @Test
    void locationReportWithSouthBitAndItems() throws Exception {
        Jt808Message m = Vectors.decode("b-0200-2019");
        assertEquals("00000000013912344329", m.header().phone());
        LocationReport r = LocationReport.parse(m.body(), 0, m.body().length);
        assertEquals(111, r.alarm());
        assertEquals(22, r.status());
        assertEquals(-31_234_567, r.latMicro());      // status bit 2: south
        assertEquals(121_987_654, r.lonMicro());
        assertEquals(123, r.altitude());
        assertEquals(66, r.speed10());
        assertEquals(3, r.heading());
        assertEquals(beijing(2025, 1, 29, 22, 33, 44), r.epochMs());
        assertEquals(List.of(2, 1), List.copyOf(r.items().keySet()));
        assertArrayEquals(HexFormat.of().parseHex("0064"), r.items().get(2));
        assertArrayEquals(HexFormat.of().parseHex("0000000c"), r.items().get(1));
        assertTrue(r.alarmBit(0) && r.alarmBit(1) && r.alarmBit(2) && r.alarmBit(3) && !r.alarmBit(4));
        assertTrue(r.statusBit(1));
        assertFalse(r.statusBit(0));
    }

    @Test
    void locationReport2013WithManyItems() throws Exception {
        Jt808Message m = Vectors.decode("a-0200-2013");
        LocationReport r = LocationReport.parse(m.body(), 0, m.body().length);
        assertEquals(0x400, r.alarm());
        assertEquals(0x800, r.status());
        assertEquals(116_307_629, r.latMicro());
        assertEquals(40_058_359, r.lonMicro());
        assertEquals(312, r.altitude());
        assertEquals(3, r.speed10());
        assertEquals(99, r.heading());
        assertEquals(beijing(2020, 7, 7, 19, 23, 59), r.epochMs());
        assertEquals(List.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x11, 0x12, 0x13, 0x25, 0x2a, 0x2b, 0x30, 0x31), List.copyOf(r.items().keySet()));
        assertArrayEquals(HexFormat.of().parseHex("0000000b"), r.items().get(0x01));
    }

    @Test
    void batchesOfBothSources() throws Exception {
        Jt808Message a = Vectors.decode("a-0704-2013");
        List<LocationReport> ra = LocationReport.parseBatch(a.body());
        assertEquals(3, ra.size());
        assertEquals(1, a.body()[2]); // type 1: blind-area backfill
        for (LocationReport r : ra) assertEquals(beijing(2020, 7, 7, 19, 23, 59), r.epochMs());

        List<LocationReport> rb = LocationReport.parseBatch(Vectors.decode("b-0704-2019").body());
        assertEquals(2, rb.size());
        assertEquals(31_000_562, rb.get(0).latMicro());
        assertEquals(121_451_372, rb.get(0).lonMicro());
        assertEquals(666, rb.get(0).altitude());
        assertEquals(33, rb.get(0).speed10());
        assertEquals(89, rb.get(0).heading());
        assertEquals(beijing(2024, 10, 29, 21, 39, 3), rb.get(0).epochMs());
        assertEquals(31_000_563, rb.get(1).latMicro());
        assertEquals(777, rb.get(1).altitude());
        assertEquals(67, rb.get(1).speed10());
        assertEquals(90, rb.get(1).heading());
    }

    @Test
    void platformRepliesEncodeByteForByte() throws Exception {
        // 0x8001 for serial 0x6f, id 0x0200, result 0, to a 2019 terminal
        Jt808Header h = Vectors.decode("b-8001-2019").header();
        assertArrayEquals(Vectors.frame("b-8001-2019"),
                Jt808Codec.encode(h, Replies.general(0x6f, 0x0200, Replies.OK)));
        // 0x8100 with an auth code, both editions
        assertArrayEquals(Vectors.frame("b-8100-2019"), Jt808Codec.encode(Vectors.decode("b-8100-2019").header(),
                Replies.registration(0x6f, Replies.OK, "ok..ok..ok")));
        assertArrayEquals(Vectors.frame("a-8100-2013"), Jt808Codec.encode(Vectors.decode("a-8100-2013").header(),
                Replies.registration(0x970c, Replies.OK, "chwD0SE1fchwD0SE1fchwD0SE1f")));
        assertArrayEquals(Vectors.frame("a-8100-2019"), Jt808Codec.encode(Vectors.decode("a-8100-2019").header(),
                Replies.registration(0x970c, Replies.OK, "chwD0SE1fchwD0SE1fchwD0SE1f")));
    }

    @Test
    void escapes() throws Exception {
        assertArrayEquals(Vectors.inner(Vectors.frame("c-escape-out")), Jt808Codec.unescape(Vectors.inner(Vectors.frame("c-escape-in"))));
        // a-0800-2019 carries 0x7d 0x01 before its closing delimiter: the check code is 0x7d
        Jt808Message m = Vectors.decode("a-0800-2019");
        assertEquals(0x0800, m.header().messageId());
        assertEquals(8, m.body().length);
    }
}

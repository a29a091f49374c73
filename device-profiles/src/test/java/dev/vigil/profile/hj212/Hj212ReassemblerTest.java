package dev.vigil.profile.hj212;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Split HJ 212 messages (Flag bit 1, PNUM / PNO) are put back together, with timeouts and limits. */
class Hj212ReassemblerTest {
    private static final String QN = "20260105080000123";
    private final List<Hj212Reassembler.Incomplete> dropped = new ArrayList<>();
    private final Hj212Reassembler r = new Hj212Reassembler(30_000, 2, 8, dropped::add);

    /** A packet as a data logger sends it: header with PNUM and PNO, its share of the CP items. */
    private static Hj212Packet packet(String qn, int pnum, int pno, String cp) {
        return Hj212Parser.parse("QN=" + qn + ";ST=31;CN=2011;PW=123456;MN=88888880000001;Flag=7;PNUM=" + pnum + ";PNO=" + pno
                + ";CP=&&" + cp + "&&");
    }

    @Test
    void packetsInAnyOrderMakeOneMessageWithAllItemsInPnoOrder() {
        assertNull(r.offer(packet(QN, 3, 2, "DataTime=20260105080000;a21002-Rtd=42.0,a21002-Flag=N"), 0));
        assertNull(r.offer(packet(QN, 3, 3, "DataTime=20260105080000;a19001-Rtd=6.5,a19001-Flag=N"), 10));
        assertEquals(1, r.pending());
        Hj212Packet whole = r.offer(packet(QN, 3, 1, "DataTime=20260105080000;a21026-Rtd=35.1,a21026-Flag=N"), 20);
        assertEquals(0, r.pending());
        assertEquals(QN, whole.qn());
        assertEquals("2011", whole.cn());
        assertEquals("88888880000001", whole.mn());
        assertFalse(whole.split());
        assertTrue(whole.answerWanted());
        assertEquals(0, whole.pnum());
        assertEquals("20260105080000", whole.cpValue("DataTime"));
        assertEquals(List.of("35.1", "42.0", "6.5"), List.of(whole.cpValue("a21026-Rtd"), whole.cpValue("a21002-Rtd"), whole.cpValue("a19001-Rtd")));
        assertEquals(Map.of("a21026-Rtd", "35.1", "a21026-Flag", "N"), whole.cp().get(1));
        assertEquals(List.of(), dropped);
    }

    @Test
    void aPacketSentAgainReplacesItsCopy() {
        assertNull(r.offer(packet(QN, 2, 1, "a21026-Rtd=1.0"), 0));
        assertNull(r.offer(packet(QN, 2, 1, "a21026-Rtd=2.0"), 1));
        Hj212Packet whole = r.offer(packet(QN, 2, 2, "a21002-Rtd=3.0"), 2);
        assertEquals(2, whole.cp().size());
        assertEquals("2.0", whole.cpValue("a21026-Rtd"));
    }

    @Test
    void aSingletonSetIsCompleteAtOnce() {
        assertEquals("1.0", r.offer(packet(QN, 1, 1, "a21026-Rtd=1.0"), 0).cpValue("a21026-Rtd"));
        assertEquals(0, r.pending());
    }

    @Test
    void anIncompleteSetIsDroppedAfterTheTimeoutAndReported() {
        assertNull(r.offer(packet(QN, 3, 1, "a21026-Rtd=1.0"), 1_000));
        assertNull(r.offer(packet(QN, 3, 3, "a19001-Rtd=6.0"), 2_000));
        assertEquals(0, r.expire(30_999));
        assertEquals(1, r.expire(31_000));
        assertEquals(0, r.pending());
        assertEquals(List.of(new Hj212Reassembler.Incomplete("88888880000001", QN, "2011", List.of(1, 3), 3,
                Hj212Reassembler.Reason.TIMEOUT)), dropped);
        assertEquals("split_incomplete", dropped.get(0).reason().label());
        // the missing packet arriving late starts a new set: it never completes the dropped one
        assertNull(r.offer(packet(QN, 3, 2, "a21002-Rtd=2.0"), 40_000));
    }

    @Test
    void beyondTheLimitOfPendingSetsTheOldestIsEvicted() {
        assertNull(r.offer(packet("20260105080000001", 2, 1, "a=1"), 0));
        assertNull(r.offer(packet("20260105080000002", 2, 1, "a=1"), 1));
        assertNull(r.offer(packet("20260105080000003", 2, 1, "a=1"), 2));
        assertEquals(2, r.pending());
        assertEquals(1, dropped.size());
        assertEquals("20260105080000001", dropped.get(0).qn());
        assertEquals(Hj212Reassembler.Reason.EVICTED, dropped.get(0).reason());
        assertEquals("1", r.offer(packet("20260105080000003", 2, 2, "b=1"), 3).cpValue("b"));
    }

    @Test
    void closingDropsWhatIsPending() {
        assertNull(r.offer(packet(QN, 2, 1, "a=1"), 0));
        assertEquals(1, r.discardAll());
        assertEquals(Hj212Reassembler.Reason.CLOSED, dropped.get(0).reason());
    }

    @Test
    void inconsistentPacketsAreRefusedNamingTheField() {
        assertEquals("split packet with PNO 4 of PNUM 3: expected 1 <= PNO <= PNUM",
                assertThrows(Hj212FormatException.class, () -> r.offer(packet(QN, 3, 4, "a=1"), 0)).getMessage());
        assertEquals("PNUM 9 is above the limit of 8 packets",
                assertThrows(Hj212FormatException.class, () -> r.offer(packet(QN, 9, 1, "a=1"), 0)).getMessage());
        assertNull(r.offer(packet(QN, 3, 1, "a=1"), 0));
        assertEquals("packet PNO 2 of QN " + QN + " says PNUM 2, its earlier packets said 3",
                assertThrows(Hj212FormatException.class, () -> r.offer(packet(QN, 2, 2, "a=1"), 0)).getMessage());
        Hj212Packet noQn = Hj212Parser.parse("ST=31;CN=2011;MN=1;Flag=7;PNUM=2;PNO=1;CP=&&a=1&&");
        assertEquals("split packet (Flag bit 1) without QN: its packets cannot be matched",
                assertThrows(Hj212FormatException.class, () -> r.offer(noQn, 0)).getMessage());
    }
}

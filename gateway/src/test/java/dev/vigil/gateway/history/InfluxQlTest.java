package dev.vigil.gateway.history;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Quoting of identifiers and string literals for InfluxQL. */
class InfluxQlTest {

    @Test
    void identifiersAndStringsAreQuotedWithEscapes() {
        assertEquals("\"emission-cems\"", InfluxQl.ident("emission-cems"));
        assertEquals("\"a\\\"b\\\\c\"", InfluxQl.ident("a\"b\\c"));
        assertEquals("'cems-001'", InfluxQl.string("cems-001"));
        assertEquals("'x\\' OR \\'1\\'=\\'1'", InfluxQl.string("x' OR '1'='1"));
        assertEquals("'a\\\\\\'b\\nc'", InfluxQl.string("a\\'b\nc"));
        assertEquals("'二氧化硫'", InfluxQl.string("二氧化硫"));
        assertEquals("1767225600000ms", InfluxQl.ms(1_767_225_600_000L));
    }

    @Test
    void timesParseIsoWithOffsetOrEpochMillis() {
        assertEquals(1_767_225_600_000L, Times.parse("from", "2026-01-01T08:00:00+08:00"));
        assertEquals(1_767_225_600_000L, Times.parse("from", "2026-01-01T00:00:00Z"));
        assertEquals(1_767_225_600_000L, Times.parse("from", "1767225600000"));
        HistoryException e = org.junit.jupiter.api.Assertions.assertThrows(HistoryException.class, () -> Times.parse("to", "2026-01-01 08:00"));
        assertEquals("to", e.field());
        assertEquals("2026-01-01T08:00:00.000+08:00", new Times(java.time.ZoneId.of("Asia/Shanghai"), false).iso(1_767_225_600_000L));
    }
}

package dev.vigil.lineprotocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer's use across lines: appending, rolling back, and refusing calls out of order. */
class LineProtocolWriterTest {

    @Test
    void appendsLinesOneAfterTheOtherAndRollsBackALineWithoutFields() {
        StringBuilder sb = new StringBuilder();
        LineProtocolWriter w = new LineProtocolWriter(sb);
        assertTrue(w.measurement("a").tag("device", "d1").integerField("n", 1).end(10));
        assertFalse(w.measurement("b").tag("device", "d2").floatField("x", Double.NaN).end(11));
        assertTrue(w.measurement("c").booleanField("ok", true).end(12));
        assertEquals("a,device=d1 n=1i 10\nc ok=true 12\n", sb.toString());
        assertTrue(sb == w.buffer());
    }

    @Test
    void discardRemovesTheOpenLineOnly() {
        StringBuilder sb = new StringBuilder("keep\n");
        LineProtocolWriter w = new LineProtocolWriter(sb);
        w.measurement("a").tag("t", "v").integerField("n", 1);
        w.discard();
        assertEquals("keep\n", sb.toString());
        assertTrue(w.measurement("b").stringField("s", "x").end(1));
        assertEquals("keep\nb s=\"x\" 1\n", sb.toString());
    }

    @Test
    void refusesCallsOutOfOrder() {
        LineProtocolWriter w = new LineProtocolWriter(new StringBuilder());
        assertThrows(IllegalStateException.class, () -> w.tag("t", "v"));
        assertThrows(IllegalStateException.class, () -> w.integerField("n", 1));
        assertThrows(IllegalStateException.class, () -> w.end(1));
        w.measurement("m").integerField("n", 1);
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> w.tag("t", "v"));
        assertEquals("tag 't' after a field: tags come first", late.getMessage());
        assertThrows(IllegalStateException.class, () -> w.measurement("again"));
    }
}

package dev.vigil.lineprotocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer's use across lines: appending, rolling back, refusing calls out of order, its byte buffer. */
class LineProtocolWriterTest {

    @Test
    void appendsLinesOneAfterTheOtherAndRollsBackALineWithoutFields() {
        LineProtocolWriter w = new LineProtocolWriter();
        assertTrue(w.measurement("a").tag("device", "d1").integerField("n", 1).end(10));
        assertFalse(w.measurement("b").tag("device", "d2").floatField("x", Double.NaN).end(11));
        assertTrue(w.measurement("c").booleanField("ok", true).end(12));
        assertEquals("a,device=d1 n=1i 10\nc ok=true 12\n", w.toString());
        assertArrayEquals(w.toByteArray(), Arrays.copyOf(w.array(), w.length()));
    }

    @Test
    void discardRemovesTheOpenLineOnly() {
        LineProtocolWriter w = new LineProtocolWriter();
        w.measurement("keep").booleanField("k", false).end(0);
        w.measurement("a").tag("t", "v").integerField("n", 1);
        w.discard();
        assertEquals("keep k=false 0\n", w.toString());
        assertTrue(w.measurement("b").stringField("s", "x").end(1));
        assertEquals("keep k=false 0\nb s=\"x\" 1\n", w.toString());
    }

    @Test
    void refusesCallsOutOfOrder() {
        LineProtocolWriter w = new LineProtocolWriter();
        assertThrows(IllegalStateException.class, () -> w.tag("t", "v"));
        assertThrows(IllegalStateException.class, () -> w.integerField("n", 1));
        assertThrows(IllegalStateException.class, () -> w.end(1));
        w.measurement("m").integerField("n", 1);
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> w.tag("t", "v"));
        assertEquals("tag 't' after a field: tags come first", late.getMessage());
        assertThrows(IllegalStateException.class, () -> w.measurement("again"));
    }

    @Test
    void writesUtf8AsStringGetBytesDoesAndGrowsAndClears() {
        LineProtocolWriter w = new LineProtocolWriter(64);
        String enterprise = "上海某电梯公司 1";
        String odd = "a\uD83D\uDE00b\uD800c\uDC00"; // a pair (emoji), a lone high and a lone low surrogate
        for (int i = 0; i < 100; i++) {
            w.measurement("elevator").tag("enterprise", enterprise).stringField("s", odd).integerField("n", Long.MIN_VALUE).end(i);
        }
        StringBuilder want = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            want.append("elevator,enterprise=上海某电梯公司\\ 1 s=\"").append(odd).append("\",n=")
                    .append(Long.MIN_VALUE).append("i ").append(i).append('\n');
        }
        assertArrayEquals(want.toString().getBytes(StandardCharsets.UTF_8), w.toByteArray());
        w.clear(64);
        assertEquals(0, w.length());
        assertEquals(64, w.array().length);
        assertTrue(w.measurement("m").integerField("n", -42).end(-1));
        assertEquals("m n=-42i -1\n", w.toString());
    }
}

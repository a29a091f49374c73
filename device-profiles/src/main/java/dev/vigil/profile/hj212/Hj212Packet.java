package dev.vigil.profile.hj212;

import java.util.List;
import java.util.Map;

/**
 * One parsed HJ 212 data segment: the header fields and the command parameters ({@code CP}).
 *
 * @param qn   request number, {@code YYYYMMDDhhmmsszzz} (may be null: not every command has one)
 * @param st   system code (22 air, 31 flue gas, 32 water, 91 system interaction ...)
 * @param cn   command code (2011 real-time data, 2051 minute, 2061 hour, 2031 day, 9014 data response ...)
 * @param pw   access password
 * @param mn   station id (设备唯一标识)
 * @param flag the Flag bits (0 when absent): bit 0 answer wanted, bit 1 split packet, bits 2+ version
 * @param pnum total packets of a split message, or 0
 * @param pno  this packet's number of a split message, or 0
 * @param cp   the CP groups in order: each {@code ;}-separated group as its {@code ,}-separated
 *             {@code key=value} pairs in order
 */
public record Hj212Packet(String qn, String st, String cn, String pw, String mn, int flag, int pnum, int pno,
                         List<Map<String, String>> cp) {

    /** True when the sender wants a data response (Flag bit 0). */
    public boolean answerWanted() {
        return (flag & 1) != 0;
    }

    /** True when the message is split into packets (Flag bit 1, with PNUM and PNO). */
    public boolean split() {
        return (flag & 2) != 0;
    }

    /** The protocol version from Flag bits 2 and up (1 = HJ 212-2017). */
    public int version() {
        return flag >>> 2;
    }

    /** The first value of a CP key in any group, or null. */
    public String cpValue(String key) {
        for (Map<String, String> g : cp) {
            String v = g.get(key);
            if (v != null) return v;
        }
        return null;
    }
}

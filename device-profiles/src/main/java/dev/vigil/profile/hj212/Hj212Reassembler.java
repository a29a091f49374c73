package dev.vigil.profile.hj212;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts split HJ 212 messages back together (Flag bit 1: the message is sent in {@code PNUM}
 * packets numbered {@code PNO} 1..PNUM, each with the same QN and its own whole header and CP
 * items). When the last packet of a set arrives, {@link #offer} returns one packet whose CP holds
 * the items of all packets in PNO order (Flag bit 1, PNUM and PNO cleared), to be handled as if it
 * had come whole. Sets are keyed by MN, QN and CN; a packet sent again replaces its earlier copy.
 *
 * <p>Limits: at most {@code maxPackets} packets per set, at most {@code maxPending} incomplete
 * sets (a new set beyond that evicts the oldest), and a set still incomplete {@code timeoutMillis}
 * after its first packet is dropped by {@link #expire}. Every set dropped incomplete is reported
 * to the listener. Not thread-safe: one per connection.
 */
public final class Hj212Reassembler {

    /** Why an incomplete set was dropped. */
    public enum Reason {
        /** Not complete within the timeout. */
        TIMEOUT("split_incomplete"),
        /** Evicted by a newer set when {@code maxPending} sets were waiting. */
        EVICTED("split_evicted"),
        /** The connection closed before the set was complete. */
        CLOSED("split_incomplete");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** Lower-case name for metrics. */
        public String label() {
            return label;
        }
    }

    /**
     * A set dropped before it was complete.
     *
     * @param mn       station id
     * @param qn       the set's QN
     * @param cn       command code
     * @param received PNO of the packets received, ascending
     * @param total    PNUM
     * @param reason   why it was dropped
     */
    public record Incomplete(String mn, String qn, String cn, List<Integer> received, int total, Reason reason) {}

    private static final class Pending {
        final long started;
        final int total;
        final TreeMap<Integer, Hj212Packet> packets = new TreeMap<>();

        Pending(long started, int total) {
            this.started = started;
            this.total = total;
        }
    }

    private final long timeoutMillis;
    private final int maxPending;
    private final int maxPackets;
    private final Consumer<Incomplete> dropped;
    private final Map<String, Pending> sets = new LinkedHashMap<>();

    /**
     * @param timeoutMillis a set not complete this long after its first packet is dropped
     * @param maxPending    incomplete sets kept at most (the oldest is evicted beyond)
     * @param maxPackets    largest PNUM accepted
     * @param dropped       told of every set dropped incomplete
     */
    public Hj212Reassembler(long timeoutMillis, int maxPending, int maxPackets, Consumer<Incomplete> dropped) {
        if (timeoutMillis <= 0 || maxPending < 1 || maxPackets < 1) throw new IllegalArgumentException("limits must be positive");
        this.timeoutMillis = timeoutMillis;
        this.maxPending = maxPending;
        this.maxPackets = maxPackets;
        this.dropped = dropped;
    }

    /**
     * Takes one packet of a split message ({@link Hj212Packet#split()}).
     *
     * @return the whole message when this packet completes its set, else null
     * @throws Hj212FormatException when the packet has no QN, PNUM or PNO outside 1..PNUM, PNUM above
     *                              the limit, or a PNUM that differs from the earlier packets of its set
     */
    public Hj212Packet offer(Hj212Packet p, long now) {
        if (p.qn() == null) throw new Hj212FormatException("split packet (Flag bit 1) without QN: its packets cannot be matched");
        if (p.pnum() < 1 || p.pno() < 1 || p.pno() > p.pnum()) {
            throw new Hj212FormatException("split packet with PNO " + p.pno() + " of PNUM " + p.pnum() + ": expected 1 <= PNO <= PNUM");
        }
        if (p.pnum() > maxPackets) throw new Hj212FormatException("PNUM " + p.pnum() + " is above the limit of " + maxPackets + " packets");
        expire(now);
        String key = p.mn() + "/" + p.qn() + "/" + p.cn();
        Pending set = sets.get(key);
        if (set != null && set.total != p.pnum()) {
            throw new Hj212FormatException("packet PNO " + p.pno() + " of QN " + p.qn() + " says PNUM " + p.pnum()
                    + ", its earlier packets said " + set.total);
        }
        if (set == null) {
            if (p.pnum() == 1) return whole(List.of(p));
            while (sets.size() >= maxPending) {
                Iterator<Map.Entry<String, Pending>> oldest = sets.entrySet().iterator();
                Map.Entry<String, Pending> e = oldest.next();
                oldest.remove();
                report(e.getValue(), Reason.EVICTED);
            }
            set = new Pending(now, p.pnum());
            sets.put(key, set);
        }
        set.packets.put(p.pno(), p);
        if (set.packets.size() < set.total) return null;
        sets.remove(key);
        return whole(new ArrayList<>(set.packets.values()));
    }

    /** Drops the sets not complete {@code timeoutMillis} after their first packet; returns how many. */
    public int expire(long now) {
        int n = 0;
        for (Iterator<Pending> it = sets.values().iterator(); it.hasNext(); ) {
            Pending s = it.next();
            if (now - s.started < timeoutMillis) continue;
            it.remove();
            report(s, Reason.TIMEOUT);
            n++;
        }
        return n;
    }

    /** Drops every incomplete set (the connection closed); returns how many. */
    public int discardAll() {
        int n = sets.size();
        List<Pending> all = new ArrayList<>(sets.values());
        sets.clear();
        for (Pending s : all) report(s, Reason.CLOSED);
        return n;
    }

    /** Incomplete sets waiting. */
    public int pending() {
        return sets.size();
    }

    private void report(Pending s, Reason reason) {
        Hj212Packet first = s.packets.firstEntry().getValue();
        dropped.accept(new Incomplete(first.mn(), first.qn(), first.cn(), List.copyOf(s.packets.keySet()), s.total, reason));
    }

    /** One packet with the CP items of all, in PNO order; Flag bit 1, PNUM and PNO cleared. */
    private static Hj212Packet whole(List<Hj212Packet> packets) {
        Hj212Packet first = packets.get(0);
        int flag = 0;
        List<Map<String, String>> cp = new ArrayList<>();
        for (Hj212Packet p : packets) {
            flag |= p.flag();
            cp.addAll(p.cp());
        }
        return new Hj212Packet(first.qn(), first.st(), first.cn(), first.pw(), first.mn(), flag & ~2, 0, 0, List.copyOf(cp));
    }
}

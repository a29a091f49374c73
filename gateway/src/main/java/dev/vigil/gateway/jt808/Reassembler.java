package dev.vigil.gateway.jt808;

import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts split JT/T 808 messages back together (plain Java, one per connection, not thread-safe).
 * Packets of one message share the message id and have consecutive serial numbers, so the first
 * packet's serial ({@code serial - index + 1}) names the message. At most a few messages are
 * held at once, each at most {@code maxMessageBytes}; the oldest incomplete one is dropped first.
 */
public final class Reassembler {
    private static final int MAX_PENDING = 8;
    private static final int MAX_PACKETS = 1024;

    private final int maxMessageBytes;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();

    private static final class Pending {
        final byte[][] packets;
        int received;
        int bytes;

        Pending(int total) {
            packets = new byte[total][];
        }
    }

    public Reassembler(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Adds one packet; returns the whole message once its last missing packet arrived, else null.
     *
     * @throws FrameException (SPLIT) for a packet count or index out of range, or a message
     *                        beyond the size limit (its packets are dropped)
     */
    public Jt808Message add(Jt808Message packet) throws FrameException {
        Jt808Header h = packet.header();
        int total = h.packetTotal();
        int index = h.packetIndex();
        if (total < 1 || total > MAX_PACKETS || index < 1 || index > total) {
            throw new FrameException(FrameException.Reason.SPLIT, String.format(
                    "message 0x%04x: packet %d of %d (packets are numbered from 1, at most %d)", h.messageId(), index, total, MAX_PACKETS));
        }
        long key = (long) h.messageId() << 32 | (long) total << 16 | ((h.serial() - index + 1) & 0xFFFF);
        Pending p = pending.get(key);
        if (p == null) {
            if (pending.size() == MAX_PENDING) {
                Iterator<Long> oldest = pending.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            p = new Pending(total);
            pending.put(key, p);
        }
        if (p.packets[index - 1] == null) {
            p.received++;
            p.bytes += packet.body().length;
        }
        p.packets[index - 1] = packet.body();
        if (p.bytes > maxMessageBytes) {
            pending.remove(key);
            throw new FrameException(FrameException.Reason.SPLIT, String.format(
                    "message 0x%04x: split message exceeds %d bytes; dropped", h.messageId(), maxMessageBytes));
        }
        if (p.received < total) return null;
        pending.remove(key);
        ByteArrayOutputStream body = new ByteArrayOutputStream(p.bytes);
        for (byte[] b : p.packets) body.writeBytes(b);
        byte[] whole = body.toByteArray();
        return new Jt808Message(new Jt808Header(h.messageId(), whole.length, h.encryption(), false, h.v2019(),
                h.protocolVersion(), h.phone(), h.serial(), total, index), whole);
    }

    /** Messages waiting for packets. */
    public int pendingMessages() {
        return pending.size();
    }
}

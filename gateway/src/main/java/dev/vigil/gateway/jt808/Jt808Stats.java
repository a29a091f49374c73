package dev.vigil.gateway.jt808;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the JT/T 808 endpoint (frames dropped by reason, registrations, authentications), read by the metrics. */
public final class Jt808Stats {
    private final Map<FrameException.Reason, LongAdder> dropped = new EnumMap<>(FrameException.Reason.class);
    final LongAdder unknownPhone = new LongAdder();
    final LongAdder authFailed = new LongAdder();
    final LongAdder registered = new LongAdder();
    final LongAdder takeovers = new LongAdder();

    public Jt808Stats() {
        for (FrameException.Reason r : FrameException.Reason.values()) dropped.put(r, new LongAdder());
    }

    void dropped(FrameException.Reason reason) {
        dropped.get(reason).increment();
    }

    /** Frames dropped for a reason. */
    public long droppedCount(FrameException.Reason reason) {
        return dropped.get(reason).sum();
    }

    /** Registrations refused because the phone number is not registered. */
    public long unknownPhone() {
        return unknownPhone.sum();
    }

    /** Authentications refused. */
    public long authFailed() {
        return authFailed.sum();
    }

    /** Auth codes issued. */
    public long registered() {
        return registered.sum();
    }

    /** Connections closed because the terminal connected again. */
    public long takeovers() {
        return takeovers.sum();
    }
}

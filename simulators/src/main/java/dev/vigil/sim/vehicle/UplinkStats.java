package dev.vigil.sim.vehicle;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the fleet sent and how the gateway answered, for the periodic log line. */
final class UplinkStats {
    final AtomicLong readings = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong changed = new AtomicLong();
    final AtomicLong backfills = new AtomicLong();
    final AtomicLong retryLater = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    @Override
    public String toString() {
        return "readings=" + readings + " requests=" + requests + " 2.04=" + changed + " backfills=" + backfills
                + " retry-later=" + retryLater + " refused=" + refused + " errors=" + errors;
    }
}

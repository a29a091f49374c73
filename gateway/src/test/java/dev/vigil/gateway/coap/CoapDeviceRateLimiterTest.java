package dev.vigil.gateway.coap;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The token bucket, on a hand-driven clock. */
class CoapDeviceRateLimiterTest {

    @Test
    void burstThenRefillAtTheConfiguredRate() {
        AtomicLong now = new AtomicLong(0);
        DeviceRateLimiter l = new DeviceRateLimiter(2.0, 3, now::get);
        assertEquals(0, l.tryAcquire("a"));
        assertEquals(0, l.tryAcquire("a"));
        assertEquals(0, l.tryAcquire("a"));
        assertEquals(1, l.tryAcquire("a"), "empty bucket: one token in 0.5 s, rounded up to 1 s");
        assertEquals(0, l.tryAcquire("b"), "buckets are per device");
        now.addAndGet(500_000_000L);
        assertEquals(0, l.tryAcquire("a"));
        assertEquals(1, l.tryAcquire("a"));
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) assertEquals(0, l.tryAcquire("a"), "refill is capped at the burst");
        assertEquals(1, l.tryAcquire("a"));
    }

    @Test
    void zeroRateMeansOff() {
        DeviceRateLimiter l = new DeviceRateLimiter(0, 1, () -> 0);
        assertFalse(l.enabled());
        for (int i = 0; i < 100; i++) assertEquals(0, l.tryAcquire("a"));
    }

    @Test
    void slowRateGivesLongRetryAfter() {
        DeviceRateLimiter l = new DeviceRateLimiter(0.01, 1, () -> 0);
        assertEquals(0, l.tryAcquire("a"));
        assertEquals(100, l.tryAcquire("a"));
    }
}

package dev.vigil.bench;

import dev.vigil.profile.Telemetry;
import dev.vigil.rules.RuleEngine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU cost of one clock tick when every device has an offline rule and none is due: what the
 * gateway pays each second for 100,000 devices.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.vigil.bench.TickProbe [devices]}.
 */
public final class TickProbe {

    private TickProbe() {}

    public static void main(String[] args) {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Fleet fleet = new Fleet(devices, "  - {id: offline, kind: offline, level: blue, after: 3m}\n");
        RuleEngine engine = fleet.engine();
        long last = 0;
        for (Telemetry t : fleet.readings) {
            engine.onTelemetry(t);
            last = Math.max(last, t.time());
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long now = last + 1000;
        for (int w = 0; w < 200; w++) engine.onTick(now += 100);
        int ticks = 200;
        long cpu0 = mx.getCurrentThreadCpuTime();
        int events = 0;
        for (int k = 0; k < ticks; k++) events += engine.onTick(now += 100).size();
        double perTickMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / ticks;
        System.out.printf("devices=%d offline states=%d: %.2f ms CPU per tick (%.1f ns per state), %d events%n",
                devices, devices, perTickMs, perTickMs * 1e6 / devices, events);
    }
}

package dev.vigil.gateway.storage;

import dev.vigil.testkit.InfluxServer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One measured run of {@link SinkThroughput}: points, wall time, and the CPU time this JVM and
 * influxd spent, which says more than wall time on a machine shared with other work.
 */
record ThroughputRun(long points, long nanos, long jvmCpu, long influxCpu) {

    ThroughputRun plus(ThroughputRun o) {
        return new ThroughputRun(points + o.points, nanos + o.nanos, jvmCpu + o.jvmCpu, influxCpu + o.influxCpu);
    }

    @Override
    public String toString() {
        return String.format("%,.0f points/s, CPU per point: JVM %.1f us, influxd %.1f us",
                points * 1e9 / nanos, jvmCpu / 1e3 / points, influxCpu / 1e3 / points);
    }

    /** Starts measuring. */
    static Meter start(InfluxServer influx) {
        return new Meter(influx);
    }

    /** Wall and CPU time since {@link #start}. */
    static final class Meter {
        private final InfluxServer influx;
        private final long jvm0;
        private final long influx0;
        private final long t0;

        private Meter(InfluxServer influx) {
            this.influx = influx;
            this.jvm0 = jvmCpu();
            this.influx0 = influxCpu(influx);
            this.t0 = System.nanoTime();
        }

        ThroughputRun stop(long points) {
            long t = System.nanoTime() - t0;
            return new ThroughputRun(points, t, jvmCpu() - jvm0, influxCpu(influx) - influx0);
        }

        private static long jvmCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** utime + stime of influxd from /proc (fields 14 and 15, in ticks of 10 ms), or 0 if unreadable. */
        private static long influxCpu(InfluxServer influx) {
            try {
                String stat = Files.readString(Path.of("/proc/" + influx.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}

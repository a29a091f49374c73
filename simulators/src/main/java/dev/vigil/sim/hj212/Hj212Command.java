package dev.vigil.sim.hj212;

import dev.vigil.sim.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil simulate hj212}: CEMS data loggers speaking HJ 212-2017 over TCP: real-time data
 * (CN 2011) every 30 s, minute data (2051) at each minute and hourly data (2061) at each hour,
 * with the data flags, each frame resent with the same QN until the platform answers 9014.
 */
@Command(name = "hj212", mixinStandardHelpOptions = true,
        description = {"CEMS data loggers (数采仪) over HJ 212-2017 TCP: 2011 real-time data every --rtd-interval,",
                "2051 minute and 2061 hourly averages at each minute / hour, frames resent with the same QN when",
                "no 9014 answer comes within --timeout (at most --resends times)."},
        footer = {"", "Example:", "  vigil simulate hj212 --port 9212 --station 88888880000001=123456 --scenario exceedance"})
public final class Hj212Command implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Platform (gateway) host (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "9212", description = "Platform HJ 212 port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--station", required = true, paramLabel = "MN=PW", description = "A station's MN and password; repeatable")
    Map<String, String> stations = new LinkedHashMap<>();

    @Option(names = "--rtd-interval", defaultValue = "30s", converter = DurationConverter.class,
            description = "Real-time data interval (default: ${DEFAULT-VALUE})")
    Duration rtdInterval;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Wait for the 9014 answer before resending (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--resends", defaultValue = "3", description = "Resends of an unanswered frame (default: ${DEFAULT-VALUE})")
    int resends;

    @Option(names = "--scenario", defaultValue = "normal",
            description = "normal; exceedance (SO2 ramps to 60 mg/m³ over --ramp); maintenance (every value flagged M)")
    String scenario;

    @Option(names = "--ramp", defaultValue = "20m", converter = DurationConverter.class,
            description = "Duration of the exceedance ramp (default: ${DEFAULT-VALUE})")
    Duration ramp;

    @Option(names = "--datatime-ms",
            description = "Add milliseconds to DataTime (YYYYMMDDhhmmsszzz, accepted by Vigil; for load tests sending faster than 1/s)")
    boolean datatimeMs;

    @Option(names = "--duration", converter = DurationConverter.class, description = "Stop after this long (default: run until stopped)")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        if (!List.of("normal", "exceedance", "maintenance").contains(scenario)) {
            spec.commandLine().getErr().println("--scenario: expected normal, exceedance or maintenance, got '" + scenario + "'");
            return 2;
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        long start = System.currentTimeMillis();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toMillis();
        List<DataLogger> loggers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int seed = 0;
        for (Map.Entry<String, String> s : stations.entrySet()) {
            DataLogger logger = new DataLogger(host, port, s.getKey(), s.getValue(), timeout.toMillis(), resends);
            StationValues values = new StationValues(++seed, scenario.equals("exceedance") ? 60.0 : Double.NaN, ramp.toMillis());
            loggers.add(logger);
            Thread t = new Thread(() -> run(logger, values, start, end), "hj212-" + s.getKey());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        out.printf("HJ 212 data loggers: %d station(s) to %s:%d, real-time every %s, scenario %s%n",
                loggers.size(), host, port, rtdInterval, scenario);
        while (threads.stream().anyMatch(Thread::isAlive)) {
            for (Thread t : threads) t.join(10_000);
            long sent = 0, answered = 0, resent = 0, unanswered = 0;
            for (DataLogger l : loggers) {
                sent += l.sent.get();
                answered += l.answered.get();
                resent += l.resent.get();
                unanswered += l.unanswered.get();
            }
            out.printf("frames sent %d, answered %d, resent %d, never answered %d%n", sent, answered, resent, unanswered);
            out.flush();
        }
        loggers.forEach(DataLogger::close);
        return 0;
    }

    private void run(DataLogger logger, StationValues values, long start, long end) {
        String flag = scenario.equals("maintenance") ? "M" : "N";
        long nextRtd = System.currentTimeMillis();
        long minute = System.currentTimeMillis() / 60_000 * 60_000;
        long hour = System.currentTimeMillis() / 3_600_000 * 3_600_000;
        try {
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                if (now >= nextRtd) {
                    StringBuilder cp = new StringBuilder("DataTime=").append(DataLogger.DATA_TIME.format(Instant.ofEpochMilli(now)));
                    if (datatimeMs) cp.append(String.format("%03d", now % 1000));
                    values.sample(now - start).forEach((code, v) ->
                            cp.append(';').append(code).append("-Rtd=").append(v).append(',').append(code).append("-Flag=").append(flag));
                    logger.upload("2011", cp.toString());
                    nextRtd += rtdInterval.toMillis();
                }
                if (now >= minute + 60_000) {
                    logger.upload("2051", period(minute, values.takeMinute(), flag));
                    minute += 60_000;
                }
                if (now >= hour + 3_600_000) {
                    logger.upload("2061", period(hour, values.takeHour(), flag));
                    hour += 3_600_000;
                }
                Thread.sleep(Math.max(1, Math.min(nextRtd, minute + 60_000) - System.currentTimeMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The CP of a period upload: DataTime = the period's start, Avg / Min / Max / Flag per code. */
    static String period(long startMs, Map<String, double[]> agg, String flag) {
        StringBuilder cp = new StringBuilder("DataTime=").append(DataLogger.DATA_TIME.format(Instant.ofEpochMilli(startMs)));
        agg.forEach((code, a) -> cp.append(';').append(code).append("-Avg=").append(a[0]).append(',').append(code).append("-Min=")
                .append(a[1]).append(',').append(code).append("-Max=").append(a[2]).append(',').append(code).append("-Flag=").append(flag));
        return cp.toString();
    }
}

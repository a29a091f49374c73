package dev.vigil.sim.modbus;

import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Options and run loop shared by the {@code cems} and {@code transformers} simulator commands. */
abstract class ModbusSimCommand implements Callable<Integer> {

    @Option(names = "--count", description = "number of simulated devices (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int count;

    @Option(names = "--base-port", description = "first TCP port (default: ${DEFAULT-VALUE})", defaultValue = "5020")
    int basePort;

    @Option(names = "--units-per-port",
            description = "unit ids 1..n served on each port, like a gateway box in front of several devices (default: "
                    + "${DEFAULT-VALUE})", defaultValue = "1")
    int unitsPerPort;

    @Option(names = "--bind", description = "address to listen on (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--scenario",
            description = "normal, exceedance, stuck, calibration, maintenance, fault, partial-discharge, silent, close "
                    + "(default: ${DEFAULT-VALUE})", defaultValue = "normal")
    String scenario;

    @Option(names = "--affected", description = "how many devices (from the first) get the scenario; the rest run normal (default: all)", defaultValue = "-1")
    int affected;

    @Option(names = "--ramp-minutes", description = "duration of the exceedance ramp in simulated minutes (default: ${DEFAULT-VALUE})", defaultValue = "60")
    double rampMinutes;

    @Option(names = "--speedup",
            description = "divide the ramp duration by this factor, e.g. 60 for a one-minute ramp (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    double speedup;

    @Option(names = "--comm-loss-after",
            description = "seconds until silent/close scenarios lose communication (default: ${DEFAULT-VALUE})",
            defaultValue = "60")
    long commLossAfter;

    @Option(names = "--comm-loss-for", description = "seconds the communication stays lost; 0 = for good (default: ${DEFAULT-VALUE})", defaultValue = "0")
    long commLossFor;

    @Option(names = "--update-ms", description = "value update period (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    long updateMs;

    @Option(names = "--duration", description = "seconds to run; 0 = until interrupted (default: ${DEFAULT-VALUE})", defaultValue = "0")
    long duration;

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})", defaultValue = "42")
    long seed;

    @Option(names = "--print-devices", description = "print device registry entries (YAML) for the simulated devices")
    boolean printDevices;

    /** Profile name the devices follow. */
    abstract String profile();

    /** Device id prefix. */
    abstract String idPrefix();

    abstract SimulatedUnit create(String id, int unit, Scenario scenario, long rampMillis, long seed);

    @Override
    public Integer call() throws Exception {
        // j2mod logs every frame at DEBUG
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.ghgande"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Scenario sc = Scenario.parse(scenario);
        int hit = affected < 0 ? count : Math.min(affected, count);
        long rampMillis = Math.max(1, (long) (rampMinutes * 60_000 / speedup));
        ModbusFleet fleet = ModbusFleet.start(InetAddress.getByName(bind), basePort, count, unitsPerPort,
                Math.max(4, unitsPerPort), updateMs, (i, unit) -> create(String.format(Locale.ROOT, "%s%03d", idPrefix(), i + 1),
                        unit, i < hit ? sc : Scenario.NORMAL, rampMillis, seed + i));
        Runtime.getRuntime().addShutdownHook(new Thread(fleet::close));
        if (sc == Scenario.SILENT || sc == Scenario.CLOSE) scheduleCommLoss(fleet, sc, hit);
        System.out.printf(Locale.ROOT, "%d %s device(s) on %s ports %d..%d (%d unit(s) per port), scenario %s on %d%n",
                count, profile(), bind, basePort, fleet.portOf(count - 1), unitsPerPort, sc.name().toLowerCase(Locale.ROOT), hit);
        if (printDevices) {
            for (int i = 0; i < count; i++) {
                System.out.printf(Locale.ROOT, "- {id: %s, profile: %s, connection: {modbus: {host: %s, port: %d, unit: %d}}}%n",
                        fleet.units().get(i).id(), profile(), bind, fleet.portOf(i), fleet.unitOf(i));
            }
        }
        System.out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        if (duration > 0) forever.await(duration, TimeUnit.SECONDS);
        else forever.await();
        fleet.close();
        return 0;
    }

    private void scheduleCommLoss(ModbusFleet fleet, Scenario sc, int hit) {
        for (int i = 0; i < hit; i++) {
            ModbusSimServer server = fleet.serverOf(i);
            int unit = fleet.unitOf(i);
            Runnable lose = sc == Scenario.SILENT ? () -> server.silence(unit) : server::close;
            Runnable back = sc == Scenario.SILENT ? () -> server.resume(unit) : () -> reopen(server);
            fleet.schedule(lose, commLossAfter * 1000);
            if (commLossFor > 0) fleet.schedule(back, (commLossAfter + commLossFor) * 1000);
        }
    }

    private static void reopen(ModbusSimServer server) {
        try {
            server.open();
        } catch (Exception e) {
            System.err.println("cannot reopen port " + server.port() + ": " + e.getMessage());
        }
    }
}

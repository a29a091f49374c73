package dev.vigil.sim.vehicle;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code vigil simulate jt808}: hazmat tankers around Wuhai with JT/T 808 terminals on long TCP connections. */
@Command(name = "jt808", mixinStandardHelpOptions = true,
        description = {"Hazardous-goods tankers driving between the Wuda depot and customer sites around Wuhai, with",
                "JT/T 808 terminals: registration, authentication, heartbeats, a location report (0x0200) every",
                "--interval seconds, blind-area backfill (0x0704) after a coverage gap, alarm bits and the e-lock",
                "state in vendor item 0xE1. The phones file has id=phone lines (vigil device add --jt808-phone)."})
public final class Jt808Command implements Callable<Integer> {

    @Option(names = "--gateway", defaultValue = "127.0.0.1:6808", description = "host:port of the JT/T 808 endpoint (default ${DEFAULT-VALUE})")
    String gateway;

    @Option(names = "--phones", required = true, description = "file of id=phone lines")
    Path phones;

    @Option(names = "--count", defaultValue = "2", description = "number of vehicles (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--edition", defaultValue = "2013", description = "header edition: 2013 or 2019 (default ${DEFAULT-VALUE})")
    int edition;

    @Option(names = "--scenario", defaultValue = "coverage-gap",
            description = "normal, lock-en-route, speeding, fatigue, gnss-loss, restricted-zone, offline, coverage-gap (default ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--vehicle", description = "the vehicle that plays the scenario (default: the first)")
    String vehicle;

    @Option(names = "--scenario-after", defaultValue = "60", description = "simulated seconds before the scenario starts (default ${DEFAULT-VALUE})")
    double scenarioAfter;

    @Option(names = "--emergency-after", description = "seconds after which the last vehicle presses its emergency button for 60 s (alarm bit 0)")
    Double emergencyAfter;

    @Option(names = "--interval", defaultValue = "10", description = "seconds between location reports (default ${DEFAULT-VALUE})")
    double interval;

    @Option(names = "--heartbeat", defaultValue = "30", description = "seconds between heartbeats (default ${DEFAULT-VALUE})")
    double heartbeat;

    @Option(names = "--duration", defaultValue = "0", description = "stop after this many seconds, 0 = run until interrupted")
    long duration;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            return simulate();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
    }

    private int simulate() throws Exception {
        Scenario sc = Scenario.parse(scenario);
        if (edition != 2013 && edition != 2019) throw new IllegalArgumentException("--edition must be 2013 or 2019, got " + edition);
        int colon = gateway.lastIndexOf(':');
        if (colon < 1) throw new IllegalArgumentException("--gateway must be host:port, got " + gateway);
        InetSocketAddress address = new InetSocketAddress(gateway.substring(0, colon), Integer.parseInt(gateway.substring(colon + 1)));
        Map<String, String> byId = dev.vigil.sim.TokenFile.read(phones);
        if (byId.size() < count) throw new IllegalArgumentException(phones + " has " + byId.size() + " terminals, --count asks for " + count);
        List<String> ids = new ArrayList<>(byId.keySet()).subList(0, count);
        String star = vehicle == null ? ids.get(0) : vehicle;
        if (!ids.contains(star)) throw new IllegalArgumentException("--vehicle " + star + " is not among the " + count + " vehicles of " + phones);
        UplinkStats stats = new UplinkStats();
        List<VehicleFleet.Member> members = new ArrayList<>();
        List<Jt808Uplink> uplinks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Jt808Uplink u = new Jt808Uplink(id, byId.get(id), address, edition == 2019, stats);
            uplinks.add(u);
            members.add(new VehicleFleet.Member(new VehicleModel(id, id.equals(star) ? sc : Scenario.NORMAL, scenarioAfter, i, seed), u));
        }
        VehicleFleet fleet = new VehicleFleet(members, new SimClock(System.currentTimeMillis(), 0, 1));
        System.out.println("jt808: " + count + " terminals to " + gateway + " (" + edition + " headers), scenario " + sc.cliName() + " on " + star);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> {
            try {
                fleet.tick(System.currentTimeMillis());
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
        }, 0, Math.max(100, (long) (interval * 1000)), TimeUnit.MILLISECONDS);
        long hb = Math.max(1000, (long) (heartbeat * 1000));
        timer.scheduleAtFixedRate(() -> uplinks.forEach(Jt808Uplink::heartbeat), hb, hb, TimeUnit.MILLISECONDS);
        if (emergencyAfter != null) {
            Jt808Uplink last = uplinks.get(uplinks.size() - 1);
            timer.schedule(() -> {
                System.out.println(ids.get(ids.size() - 1) + ": emergency button pressed (alarm bit 0) for 60 s");
                last.emergency = true;
            }, (long) (emergencyAfter * 1000), TimeUnit.MILLISECONDS);
            timer.schedule(() -> last.emergency = false, (long) (emergencyAfter * 1000) + 60_000, TimeUnit.MILLISECONDS);
        }
        timer.scheduleAtFixedRate(() -> System.out.println("jt808: " + line(stats)), 30, 30, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(timer::shutdownNow));
        if (duration > 0) {
            Thread.sleep(duration * 1000);
            timer.shutdownNow();
        }
        timer.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        System.out.println("jt808: " + line(stats));
        return 0;
    }

    private static String line(UplinkStats s) {
        return "readings=" + s.readings + " messages=" + s.requests + " acknowledged=" + s.changed + " backfills=" + s.backfills
                + " refused=" + s.refused + " errors=" + s.errors;
    }
}

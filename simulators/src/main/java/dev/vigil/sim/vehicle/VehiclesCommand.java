package dev.vigil.sim.vehicle;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code vigil simulate vehicles}: a hazmat tanker fleet around Wuhai reporting over CoAP. */
@Command(name = "vehicles", mixinStandardHelpOptions = true,
        description = {"Hazardous-goods tankers driving between the Wuda depot and customer sites around Wuhai,",
                "reporting hazmat-vehicle readings over CoAP (token URL) or CoAP over DTLS (PSK)."})
public final class VehiclesCommand implements Callable<Integer> {

    @Option(names = "--count", defaultValue = "5", description = "number of vehicles (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--gateway", defaultValue = "coap://127.0.0.1:5683",
            description = "coap://host:port (token in the path) or coaps://host:port (DTLS PSK); default ${DEFAULT-VALUE}")
    URI gateway;

    @Option(names = "--tokens", description = "file of id=token lines (plain CoAP)")
    Path tokens;

    @Option(names = "--psks", description = "file of id=psk lines, as printed by 'vigil device psk' (DTLS)")
    Path psks;

    @Option(names = "--id-prefix", defaultValue = "veh-",
            description = "use only the devices of the file whose id starts with this (default ${DEFAULT-VALUE}; '' for all)")
    String idPrefix;

    @Option(names = "--scenario", defaultValue = "normal",
            description = "normal, lock-en-route, speeding, fatigue, gnss-loss, restricted-zone, offline, coverage-gap")
    String scenario;

    @Option(names = "--vehicle", description = "the vehicle that plays the scenario (default: the first)")
    String vehicle;

    @Option(names = "--scenario-after", defaultValue = "60", description = "simulated seconds before the scenario starts (default ${DEFAULT-VALUE})")
    double scenarioAfter;

    @Option(names = "--interval", defaultValue = "5", description = "seconds between reports (default ${DEFAULT-VALUE})")
    double interval;

    @Option(names = "--time-scale", description = "simulated seconds per wall second while catching up (fatigue: 60)")
    Double timeScale;

    @Option(names = "--hours-back", description = "start the simulated clock this many hours ago (fatigue: 5)")
    Double hoursBack;

    @Option(names = "--format", defaultValue = "json", description = "json or cbor (default ${DEFAULT-VALUE})")
    String format;

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
        if (!format.equals("json") && !format.equals("cbor")) throw new IllegalArgumentException("--format must be json or cbor, got " + format);
        try (CoapClients clients = new CoapClients(gateway)) {
            Path file = clients.dtls() ? psks : tokens;
            if (file == null) throw new IllegalArgumentException(clients.dtls() ? "coaps:// needs --psks FILE" : "coap:// needs --tokens FILE");
            Map<String, String> creds = readPairs(file);
            creds.keySet().removeIf(id -> !id.startsWith(idPrefix));
            if (creds.size() < count) {
                throw new IllegalArgumentException(file + " has " + creds.size() + " devices whose id starts with '" + idPrefix
                        + "', --count asks for " + count);
            }
            List<String> ids = new ArrayList<>(creds.keySet()).subList(0, count);
            String star = vehicle == null ? ids.get(0) : vehicle;
            if (!ids.contains(star)) throw new IllegalArgumentException("--vehicle " + star + " is not among the " + count + " vehicles of " + file);
            UplinkStats stats = new UplinkStats();
            List<VehicleFleet.Member> members = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                var client = clients.dtls() ? clients.forPsk(id, creds.get(id)) : clients.forToken(creds.get(id));
                members.add(new VehicleFleet.Member(new VehicleModel(id, id.equals(star) ? sc : Scenario.NORMAL, scenarioAfter, i, seed),
                        new CoapUplink(id, client, format.equals("cbor"), stats)));
            }
            boolean fatigue = sc == Scenario.FATIGUE;
            double scale = timeScale != null ? timeScale : fatigue ? 60 : 1;
            double back = hoursBack != null ? hoursBack : fatigue ? 5 : 0;
            VehicleFleet fleet = new VehicleFleet(members, new SimClock(System.currentTimeMillis(), (long) (back * 3_600_000), scale));
            System.out.println("vehicles: " + count + " to " + gateway + ", scenario " + sc.cliName() + " on " + star
                    + (scale > 1 ? ", clock " + back + " h back at " + scale + "x" : ""));
            run(fleet, stats);
        }
        return 0;
    }

    private void run(VehicleFleet fleet, UplinkStats stats) throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long periodMs = Math.max(100, (long) (interval * 1000));
        timer.scheduleAtFixedRate(() -> {
            try {
                fleet.tick(System.currentTimeMillis());
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(() -> System.out.println("vehicles: " + stats), 30, 30, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(timer::shutdownNow));
        if (duration > 0) {
            Thread.sleep(duration * 1000);
            timer.shutdownNow();
        }
        timer.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        System.out.println("vehicles: " + stats);
    }

    /** Reads id=value lines (tokens or PSKs) with the simulators' one reader; errors name file:line. */
    static Map<String, String> readPairs(Path file) {
        return dev.vigil.sim.TokenFile.read(file);
    }
}

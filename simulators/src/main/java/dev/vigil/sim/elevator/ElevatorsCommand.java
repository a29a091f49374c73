package dev.vigil.sim.elevator;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileException;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import dev.vigil.sim.DurationConverter;
import dev.vigil.sim.TokenFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code vigil simulate elevators}: runs a fleet of simulated elevators against an MQTT broker or the gateway. */
@Command(name = "elevators", mixinStandardHelpOptions = true,
        description = {"Simulated elevators publishing JSON telemetry over MQTT 5 (QoS 1) to devices/{id}/telemetry,",
                "with plausible motion, door cycles and passengers, and optional fault scenarios."})
public final class ElevatorsCommand implements Callable<Integer> {

    @Option(names = "--count", description = "Number of elevators (default: every device in --tokens, else 3).")
    Integer count;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker or Vigil gateway (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--tokens", paramLabel = "FILE",
            description = "Credentials, one id=token per line; without it ids are elv-0001... and no password is sent.")
    Path tokens;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "Simulation step: cars are sampled this often and report when something changed (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--heartbeat", defaultValue = "60s", converter = DurationConverter.class,
            description = "Longest gap between two reports of an idle car (default: ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--rated-speed", defaultValue = "1.75", description = "Rated speed in m/s (default: ${DEFAULT-VALUE}).")
    double ratedSpeed;

    @Option(names = "--registry", paramLabel = "FILE",
            description = "Device registry (devices.yaml): each elevator runs at its rated_speed parameter, others at --rated-speed.")
    Path registry;

    @Option(names = "--profiles", paramLabel = "DIR", defaultValue = "device-profiles/profiles",
            description = "Device profiles for reading --registry (default: ${DEFAULT-VALUE}).")
    Path profiles;

    @Option(names = "--floors", defaultValue = "12", description = "Landings 1..N (default: ${DEFAULT-VALUE}).")
    int floors;

    @Option(names = "--seed", description = "Random seed, for a repeatable run.")
    Long seed;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Fault to inject: trapped, trapped-between, stop-outside-zone, overspeed, door-open-running.")
    String scenario;

    @Option(names = "--scenario-device", paramLabel = "ID", description = "Elevator that gets the fault (default: a random one).")
    String scenarioDevice;

    @Option(names = "--scenario-after", defaultValue = "10s", converter = DurationConverter.class,
            description = "Delay before the fault (default: ${DEFAULT-VALUE}).")
    Duration scenarioAfter;

    @Option(names = "--fault-duration", defaultValue = "0", converter = DurationConverter.class,
            description = "How long the fault lasts before the car recovers (door opens, passenger leaves); 0 = until exit.")
    Duration faultDuration;

    @Option(names = "--duration", defaultValue = "0", converter = DurationConverter.class,
            description = "Stop after this long; 0 = run until interrupted.")
    Duration duration;

    @Option(names = "--progress", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often to print sent / acked / failed (default: ${DEFAULT-VALUE}).")
    Duration progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ElevatorFleet.Options options;
        try {
            options = options(err);
        } catch (IllegalArgumentException | ProfileException | java.io.UncheckedIOException e) {
            err.println("elevators: " + e.getMessage());
            return 2;
        }
        ElevatorFleet fleet = new ElevatorFleet(options, line -> {
            out.println(line);
            out.flush();
        });
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            fleet.close();
            out.println(fleet.progress() + " (stopped)");
            out.flush();
            done.countDown();
        }, "elevators-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        fleet.start();
        out.println("simulating " + options.devices().size() + " elevators against " + broker
                + (options.scenario() == null ? "" : "; fault '" + options.scenario().cliName() + "' on "
                + fleet.faultDevice() + " after " + human(scenarioAfter)
                + (faultDuration.isZero() ? "" : " for " + human(faultDuration))));
        out.flush();
        long end = duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            long wait = Math.min(progress.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000));
            if (done.await(wait, TimeUnit.MILLISECONDS)) return 0;
            out.println(fleet.progress());
            out.flush();
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
        return fleet.progress().connected() == 0 && fleet.progress().acked() == 0 ? 1 : 0;
    }

    private ElevatorFleet.Options options(PrintWriter err) {
        Map<String, String> devices = new LinkedHashMap<>();
        if (tokens != null) {
            Map<String, String> all = TokenFile.read(tokens);
            int n = count == null ? all.size() : count;
            if (n > all.size()) {
                throw new IllegalArgumentException(tokens + " has " + all.size() + " devices; --count " + n + " needs " + n);
            }
            all.entrySet().stream().limit(n).forEach(e -> devices.put(e.getKey(), e.getValue()));
        } else {
            int n = count == null ? 3 : count;
            for (int i = 1; i <= n; i++) devices.put(String.format("elv-%04d", i), null);
            err.println("elevators: no --tokens file: connecting without passwords (fine for an anonymous broker; the Vigil gateway needs tokens)");
        }
        if (devices.isEmpty()) throw new IllegalArgumentException("--count must be at least 1");
        if (floors < 2) throw new IllegalArgumentException("--floors must be at least 2");
        ElevatorScenario s = scenario == null ? null : ElevatorScenario.byName(scenario);
        if (s == null && scenarioDevice != null) throw new IllegalArgumentException("--scenario-device needs --scenario");
        ElevatorParams params = ElevatorParams.defaults().withRatedSpeed(ratedSpeed).withFloors(1, floors);
        return new ElevatorFleet.Options(broker, devices, interval, heartbeat, params, ratedSpeeds(devices.keySet()),
                seed == null ? System.nanoTime() : seed, s, scenarioDevice, scenarioAfter, faultDuration);
    }

    /** Rated speeds of the simulated elevators that the registry sets. */
    private Map<String, Double> ratedSpeeds(java.util.Set<String> ids) {
        Map<String, Double> speeds = new LinkedHashMap<>();
        if (registry == null) return speeds;
        DeviceRegistry reg = RegistryLoader.load(registry, ProfileLoader.loadDirectory(profiles));
        for (String id : ids) {
            Device d = reg.byId(id);
            if (d == null) throw new IllegalArgumentException(registry + ": no device " + id + " (from the tokens)");
            if (d.params().get("rated_speed") instanceof Number n) speeds.put(id, n.doubleValue());
        }
        return speeds;
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}

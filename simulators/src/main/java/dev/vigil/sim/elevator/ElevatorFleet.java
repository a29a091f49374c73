package dev.vigil.sim.elevator;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * N simulated elevators, each an {@link ElevatorModel} with its own Paho MQTT 5 connection
 * (username = device id, password = token), publishing JSON readings to
 * {@code devices/{id}/telemetry} at QoS 1 whenever the reading changes and at least every
 * heartbeat; optionally injects one fault scenario into one car after a delay.
 */
public final class ElevatorFleet implements AutoCloseable {

    /**
     * What to run.
     *
     * @param brokerUrl      MQTT broker or Vigil gateway, e.g. tcp://127.0.0.1:1883
     * @param devices        device id to token (null token: connect without a password), in order
     * @param interval       simulation step and sampling period
     * @param heartbeat      longest gap between two reports of an idle car
     * @param params         car and building parameters
     * @param ratedSpeeds    rated speed of particular cars (device id to m/s), over {@code params}
     * @param seed           random seed (calls, start floors, scenario car)
     * @param scenario       fault to inject, or null
     * @param scenarioDevice car that gets the fault, or null for a random one
     * @param scenarioAfter  delay before the fault
     * @param faultDuration  how long the fault lasts; zero for as long as the fleet runs
     */
    public record Options(String brokerUrl, Map<String, String> devices, Duration interval, Duration heartbeat,
                          ElevatorParams params, Map<String, Double> ratedSpeeds, long seed,
                          ElevatorScenario scenario, String scenarioDevice,
                          Duration scenarioAfter, Duration faultDuration) {
        public Options {
            if (devices.isEmpty()) throw new IllegalArgumentException("no elevators to simulate");
            ratedSpeeds = ratedSpeeds == null ? Map.of() : Map.copyOf(ratedSpeeds);
            if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("--interval must be positive");
            if (scenarioDevice != null && !devices.containsKey(scenarioDevice)) {
                throw new IllegalArgumentException("--scenario-device " + scenarioDevice + " is not one of the simulated elevators " + devices.keySet());
            }
        }
    }

    /** Counts so far: readings published, acknowledged by the broker, failed or refused; cars connected. */
    public record Progress(long sent, long acked, long failed, int connected, int cars) {
        @Override
        public String toString() {
            return "elevators: " + connected + "/" + cars + " connected, sent " + sent + ", acked " + acked + ", failed " + failed;
        }
    }

    private final Options options;
    private final List<Car> cars = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refusalsLogged = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "elevator-fleet");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<String> log;
    private final Car faultCar;
    private double elapsed;
    private boolean faultStarted;
    private boolean faultEnded;

    /** @param log where connection problems and scenario events are reported (one line each) */
    public ElevatorFleet(Options options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        Random random = new Random(options.seed());
        ElevatorParams p = options.params();
        for (Map.Entry<String, String> d : options.devices().entrySet()) {
            int start = p.lowestFloor() + random.nextInt(p.highestFloor() - p.lowestFloor() + 1);
            ElevatorParams own = p.withRatedSpeed(options.ratedSpeeds().getOrDefault(d.getKey(), p.ratedSpeed()));
            cars.add(new Car(d.getKey(), d.getValue(), new ElevatorModel(own, start, new Random(random.nextLong()))));
        }
        Car chosen = null;
        if (options.scenario() != null) {
            chosen = options.scenarioDevice() != null
                    ? cars.stream().filter(c -> c.id.equals(options.scenarioDevice())).findFirst().orElseThrow()
                    : cars.get(random.nextInt(cars.size()));
        }
        this.faultCar = chosen;
    }

    /** Connects every car (waiting up to 10 s) and starts the clock; cars that cannot connect are reported. */
    public void start() throws MqttException {
        List<IMqttToken> pending = new ArrayList<>();
        for (Car car : cars) pending.add(car.connect());
        for (int i = 0; i < cars.size(); i++) {
            try {
                pending.get(i).waitForCompletion(10_000);
            } catch (MqttException e) {
                log.accept(cars.get(i).id + ": cannot connect to " + options.brokerUrl() + ": " + e.getMessage()
                        + " (reason " + e.getReasonCode() + ")");
            }
        }
        long period = options.interval().toMillis();
        ticker.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MILLISECONDS);
    }

    /** The counters now. */
    public Progress progress() {
        int connected = (int) cars.stream().filter(c -> c.client.isConnected()).count();
        return new Progress(sent.get(), acked.get(), failed.get(), connected, cars.size());
    }

    /** The car a scenario applies to, or null. */
    public String faultDevice() {
        return faultCar == null ? null : faultCar.id;
    }

    private void tick() {
        try {
            double dt = options.interval().toMillis() / 1000.0;
            if (elapsed > 0) for (Car car : cars) car.model.advance(dt);
            elapsed += dt;
            scenario();
            long now = System.currentTimeMillis();
            for (Car car : cars) car.report(now);
        } catch (RuntimeException e) {
            log.accept("simulation step failed: " + e);
        }
    }

    private void scenario() {
        if (faultCar == null) return;
        double after = options.scenarioAfter().toMillis() / 1000.0;
        if (!faultStarted && elapsed >= after) {
            faultStarted = true;
            faultCar.model.injectFault(options.scenario());
            log.accept(faultCar.id + ": fault '" + options.scenario().cliName() + "' injected");
        }
        double duration = options.faultDuration().toMillis() / 1000.0;
        if (faultStarted && !faultEnded && duration > 0 && elapsed >= after + duration) {
            faultEnded = true;
            faultCar.model.clearFault();
            log.accept(faultCar.id + ": fault '" + options.scenario().cliName() + "' ended");
        }
    }

    @Override
    public void close() {
        ticker.shutdown();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Car car : cars) car.close();
    }

    /** One elevator: its model, its connection and what it reported last. */
    private final class Car {
        final String id;
        final String token;
        final ElevatorModel model;
        final MqttAsyncClient client;
        ElevatorReading last;
        long lastSentAt;

        Car(String id, String token, ElevatorModel model) {
            this.id = id;
            this.token = token;
            this.model = model;
            try {
                this.client = new MqttAsyncClient(options.brokerUrl(), id, new MemoryPersistence());
            } catch (MqttException e) {
                throw new IllegalArgumentException("broker URL " + options.brokerUrl() + ": " + e.getMessage(), e);
            }
        }

        IMqttToken connect() throws MqttException {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(id);
            if (token != null) o.setPassword(token.getBytes(StandardCharsets.UTF_8));
            o.setAutomaticReconnect(true);
            o.setCleanStart(true);
            o.setConnectionTimeout(10);
            o.setKeepAliveInterval(60);
            return client.connect(o);
        }

        void report(long now) {
            ElevatorReading r = model.reading();
            if (!r.differsFrom(last) && now - lastSentAt < options.heartbeat().toMillis()) return;
            last = r;
            lastSentAt = now;
            sent.incrementAndGet();
            try {
                client.publish("devices/" + id + "/telemetry", r.toJson(now).getBytes(StandardCharsets.UTF_8), 1, false,
                        null, new MqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                int[] codes = token.getReasonCodes();
                                if (codes == null || codes.length == 0 || codes[0] < 0x80) {
                                    acked.incrementAndGet();
                                    return;
                                }
                                failed.incrementAndGet();
                                if (refusalsLogged.incrementAndGet() <= 10) {
                                    String why = token.getResponseProperties() == null ? null : token.getResponseProperties().getReasonString();
                                    log.accept(id + ": reading refused with reason code 0x" + Integer.toHexString(codes[0])
                                            + (why == null ? "" : ": " + why));
                                }
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable e) {
                                failed.incrementAndGet();
                            }
                        });
            } catch (MqttException e) {
                failed.incrementAndGet();
                last = null; // report again on the next tick
            }
        }

        void close() {
            try {
                if (client.isConnected()) client.disconnect(2_000).waitForCompletion(3_000);
            } catch (MqttException e) {
                log.accept(id + ": disconnect failed: " + e.getMessage());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                log.accept(id + ": close failed: " + e.getMessage());
            }
        }
    }
}

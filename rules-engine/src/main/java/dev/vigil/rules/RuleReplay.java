package dev.vigil.rules;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.rules.replay.RecordedTelemetry;
import dev.vigil.rules.zones.ZoneIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs rules over recorded telemetry (JSON lines or CSV, see {@link RecordedTelemetry}) and
 * returns the alert events they would have raised, for {@code vigil rules test}. A virtual clock
 * follows the newest reading time and ticks every {@code tickMillis} in between, so durations,
 * clear delays and offline rules behave as they would live.
 */
public final class RuleReplay {

    /**
     * @param tickMillis clock tick interval (1000 = every second)
     * @param tailMillis keep ticking this long after the last reading (e.g. to see offline fire)
     * @param engine     engine options
     */
    public record Options(long tickMillis, long tailMillis, EngineOptions engine) {
        public Options {
            if (tickMillis <= 0) throw new IllegalArgumentException("tickMillis must be positive");
            if (tailMillis < 0) throw new IllegalArgumentException("tailMillis must not be negative");
        }

        /** 1 s ticks, no tail, default engine options. */
        public static Options defaults() {
            return new Options(1000, 0, EngineOptions.defaults());
        }
    }

    /**
     * What a replay produced.
     *
     * @param events   alert events in order
     * @param readings readings read from the file
     */
    public record Result(List<AlertEvent> events, int readings) {
    }

    private RuleReplay() {}

    /**
     * Replays a recording.
     *
     * @param registry devices with their parameters, or null to take devices from the recording
     * @throws RecordedTelemetry.BadDataException naming {@code file:line} for a bad reading
     */
    public static Result run(RuleSet rules, Map<String, DeviceProfile> profiles, DeviceRegistry registry, ZoneIndex zones,
                             Path data, Options options) throws IOException {
        RuleEngine engine = new RuleEngine(rules, registry, zones, options.engine());
        List<AlertEvent> events = new ArrayList<>();
        int[] count = {0};
        Session session = new Session(engine, options, events::add);
        new RecordedTelemetry(data, profiles, registry).forEach(t -> {
            count[0]++;
            session.accept(t);
        });
        session.finish();
        return new Result(List.copyOf(events), count[0]);
    }

    /**
     * One replay fed reading by reading (from a file or from stored history), in time order: the
     * virtual clock ticks between readings and for the tail after the last one. Constant memory.
     */
    public static final class Session {
        private final RuleEngine engine;
        private final Options options;
        private final java.util.function.Consumer<AlertEvent> sink;
        private long clock = Long.MIN_VALUE;

        public Session(RuleEngine engine, Options options, java.util.function.Consumer<AlertEvent> sink) {
            this.engine = engine;
            this.options = options;
            this.sink = sink;
        }

        /** Ticks the clock up to the reading's time, then evaluates it. */
        public void accept(dev.vigil.profile.Telemetry t) {
            if (clock == Long.MIN_VALUE) {
                clock = t.time();
            } else {
                while (clock + options.tickMillis() < t.time()) {
                    clock += options.tickMillis();
                    engine.onTick(clock).forEach(sink);
                }
            }
            engine.onTelemetry(t).forEach(sink);
            if (t.time() > clock) clock = t.time();
        }

        /** Runs the clock on for the tail after the last reading. */
        public void finish() {
            if (clock == Long.MIN_VALUE) return;
            long end = clock + options.tailMillis();
            while (clock + options.tickMillis() <= end) {
                clock += options.tickMillis();
                engine.onTick(clock).forEach(sink);
            }
        }
    }
}

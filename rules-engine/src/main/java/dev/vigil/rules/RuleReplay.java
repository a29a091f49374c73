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
        long[] clock = {Long.MIN_VALUE};
        int[] count = {0};
        new RecordedTelemetry(data, profiles, registry).forEach(t -> {
            count[0]++;
            if (clock[0] == Long.MIN_VALUE) {
                clock[0] = t.time();
            } else {
                while (clock[0] + options.tickMillis() < t.time()) {
                    clock[0] += options.tickMillis();
                    events.addAll(engine.onTick(clock[0]));
                }
            }
            events.addAll(engine.onTelemetry(t));
            if (t.time() > clock[0]) clock[0] = t.time();
        });
        if (clock[0] != Long.MIN_VALUE) {
            long end = clock[0] + options.tailMillis();
            while (clock[0] + options.tickMillis() <= end) {
                clock[0] += options.tickMillis();
                events.addAll(engine.onTick(clock[0]));
            }
        }
        return new Result(List.copyOf(events), count[0]);
    }
}

package dev.vigil.rules;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.zones.ZoneIndex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs every compiled rule over synthetic readings before real data arrives, so the JIT has
 * compiled the evaluation paths (expression rules, the CEL interpreter for the expressions that
 * need it, alert events and their evidence) by the time the first real reading comes: a restarted
 * gateway then raises alerts on time from the first second instead of running cold.
 *
 * <p>Warm-up uses throwaway engines that nobody else sees: the events they produce are counted
 * and dropped, never published or stored. It is CPU work; run it off any event loop.
 */
public final class WarmUp {
    private WarmUp() {}

    /** What a warm-up did. */
    public record Result(long readings, long events, long nanos) {}

    /**
     * Evaluates synthetic readings of each profile through the rule set until {@code readingsPerProfile}
     * readings per profile were evaluated or the time budget is spent.
     *
     * @param profiles           the profiles to warm up (those without rules cost nearly nothing)
     * @param devices            registered devices; up to four per profile are used so that scoped rules
     *                           and device parameters are exercised too; a synthetic device when none
     * @param budgetNanos        time limit for the whole warm-up
     * @param events             receives the events of the throwaway engine (e.g. to warm up their encoding); they must
     *                           not be published or stored
     */
    public static Result run(RuleSet rules, Collection<DeviceProfile> profiles, Collection<Device> devices, ZoneIndex zones,
                             EngineOptions options, int readingsPerProfile, long budgetNanos, Consumer<AlertEvent> events) {
        long start = System.nanoTime();
        long deadline = start + budgetNanos;
        List<DeviceProfile> withRules = new ArrayList<>();
        List<Device[]> fleets = new ArrayList<>();
        for (DeviceProfile p : profiles) {
            List<Device> mine = new ArrayList<>();
            for (Device d : devices) {
                if (p.name().equals(d.profile()) && mine.size() < 4) mine.add(d);
            }
            if (mine.isEmpty()) mine.add(new Device("warm-up-" + p.name(), p.name(), "", "", Map.of(), null, null));
            boolean any = false;
            for (Device d : mine) any |= !rules.rulesFor(d).isEmpty();
            if (!any) continue;
            withRules.add(p);
            fleets.add(mine.toArray(new Device[0]));
        }
        if (withRules.isEmpty()) return new Result(0, 0, System.nanoTime() - start);
        RuleEngine engine = new RuleEngine(rules, null, zones, options);
        SplittableRandom rnd = new SplittableRandom(15);
        long t = System.currentTimeMillis() - 86_400_000L; // a day ago: readings in the past of real ones
        long readings = 0, eventCount = 0;
        // each device repeats a random snapshot for a random run of readings 5 s apart, so that
        // conditions hold long enough for durations to elapse: alerts are raised, escalated and
        // cleared, and their events (evidence, messages) are built too
        Object[][] current = new Object[withRules.size() * 4][];
        int[] left = new int[current.length];
        for (int round = 0; round < readingsPerProfile && System.nanoTime() < deadline; round += 64) {
            for (int k = 0; k < withRules.size(); k++) {
                DeviceProfile p = withRules.get(k);
                Device[] fleet = fleets.get(k);
                for (int i = 0; i < 64; i++) {
                    int j = i % fleet.length, slot = k * 4 + j;
                    if (left[slot]-- <= 0) {
                        current[slot] = values(p, rnd, 0.05);
                        left[slot] = rnd.nextInt(30);
                    }
                    t += 5_000 / fleet.length;
                    List<AlertEvent> out = engine.onTelemetry(new Telemetry(fleet[j], p, t, current[slot].clone(), "warm-up"));
                    for (AlertEvent e : out) events.accept(e);
                    eventCount += out.size();
                    readings++;
                }
            }
            List<AlertEvent> out = engine.onTick(t);
            for (AlertEvent e : out) events.accept(e);
            eventCount += out.size();
        }
        return new Result(readings, eventCount, System.nanoTime() - start);
    }

    /**
     * Random values of a profile's fields, in field order: numbers within the field's range (so that
     * thresholds near either end are crossed both ways), booleans, enum values; a field is missing
     * with probability {@code missing}. A field named {@code period} is usually absent (readings,
     * not period averages).
     */
    public static Object[] values(DeviceProfile p, SplittableRandom rnd, double missing) {
        List<FieldSpec> fields = p.fields();
        Object[] v = new Object[fields.size()];
        for (int i = 0; i < v.length; i++) {
            FieldSpec f = fields.get(i);
            if (rnd.nextDouble() < missing || f.name().equals("period") && rnd.nextInt(8) != 0) continue;
            double lo = f.min() != null ? f.min() : -100, hi = f.max() != null ? f.max() : 1000;
            if (hi < lo) hi = lo;
            v[i] = switch (f.type()) {
                case NUMBER -> lo + (hi - lo) * rnd.nextDouble();
                case INTEGER -> (long) Math.floor(lo + (hi - lo + 1) * rnd.nextDouble());
                case BOOLEAN -> rnd.nextBoolean();
                case ENUM -> f.values().isEmpty() ? "x" : f.values().get(rnd.nextInt(f.values().size()));
                case STRING -> f.name().equals("period") ? List.of("minute", "hour", "day").get(rnd.nextInt(3)) : "warm-up";
            };
            if (f.type() == dev.vigil.profile.FieldType.INTEGER && f.max() != null && (Long) v[i] > f.max()) v[i] = f.max().longValue();
        }
        return v;
    }
}

package dev.vigil.gateway.history;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.RuleEngine;
import dev.vigil.rules.RuleReplay;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.zones.ZoneIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule what-if replay over stored history: streams the devices' stored readings from InfluxDB in
 * time order (chunked, constant memory) through a fresh {@link RuleEngine} with candidate rules,
 * the same {@link RuleReplay.Session} as {@code vigil rules test}, and lists the alert events they
 * would have raised beside the events actually stored for those devices. Blocking.
 */
public final class StoredReplay {
    private final InfluxQueryClient influx;
    private final int chunkSize;

    public StoredReplay(InfluxQueryClient influx, int chunkSize) {
        this.influx = influx;
        this.chunkSize = chunkSize;
    }

    /**
     * The outcome.
     *
     * @param readings  stored readings replayed
     * @param candidate events the candidate rules would have raised (at most the limit)
     * @param truncated true when more candidate events were raised than listed
     * @param actual    lifecycle entries stored for the devices over the range (at most the limit)
     */
    public record Result(long readings, List<AlertEvent> candidate, boolean truncated, List<AlertMarks.Mark> actual) {}

    /** Replays [from, to] of the target's devices through {@code rules}. */
    public Result run(RuleSet rules, DeviceRegistry registry, ZoneIndex zones, EngineOptions engine, QueryPlanner.Target target,
                      long from, long to, int limit) {
        RuleEngine e = new RuleEngine(rules, registry, zones, engine);
        List<AlertEvent> events = new ArrayList<>();
        boolean[] truncated = {false};
        RuleReplay.Session session = new RuleReplay.Session(e, new RuleReplay.Options(1000, 0, engine), ev -> {
            if (events.size() < limit) events.add(ev);
            else truncated[0] = true;
        });
        DeviceProfile p = target.profile();
        List<FieldSpec> fields = p.fields();
        Map<String, Device> devices = new HashMap<>();
        for (Device d : target.devices()) devices.put(d.id(), d);
        StringBuilder q = new StringBuilder("SELECT ").append(InfluxQl.ident("device"));
        for (FieldSpec f : fields) q.append(", ").append(InfluxQl.ident(f.name()));
        q.append(target.from()).append(target.where(from, to));
        long[] count = {0};
        influx.query(q.toString(), chunkSize, (m, tags, cols, v) -> {
            Device d = v[1] == null ? null : devices.get(v[1].toString());
            if (d == null) return;
            Object[] values = new Object[fields.size()];
            boolean any = false;
            for (int i = 0; i < fields.size(); i++) {
                values[i] = typed(fields.get(i), v[i + 2]);
                any |= values[i] != null;
            }
            if (!any) return;
            count[0]++;
            session.accept(new Telemetry(d, p, ((Number) v[0]).longValue(), values, "replay"));
        });
        session.finish();
        List<AlertMarks.Mark> actual = new ArrayList<>();
        for (Device d : target.devices()) {
            if (actual.size() < limit) actual.addAll(AlertMarks.of(influx, d.id(), from, to, limit - actual.size()));
        }
        actual.sort(java.util.Comparator.comparingLong(AlertMarks.Mark::time));
        return new Result(count[0], events, truncated[0], actual);
    }

    /** A stored value as the pipeline would have typed it (InfluxDB answers 21.0 as 21). */
    private static Object typed(FieldSpec f, Object v) {
        if (v == null) return null;
        return switch (f.type()) {
            case NUMBER -> v instanceof Number n ? (Object) n.doubleValue() : null;
            case INTEGER -> v instanceof Number n ? (Object) n.longValue() : null;
            case BOOLEAN -> v instanceof Boolean b ? b : null;
            case ENUM, STRING -> v.toString();
        };
    }
}

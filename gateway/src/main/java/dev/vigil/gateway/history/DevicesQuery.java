package dev.vigil.gateway.history;

import dev.vigil.profile.Device;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/devices}: the devices the caller may see with profile, enterprise, region,
 * site (where a fixed device stands, or null), last reading time (the newest point of each device in InfluxDB), online state (a reading within
 * three heartbeats: the device's {@code heartbeat_seconds}, default 60 s) and open alerts.
 * Filters: profile, enterprise, region, state (online / offline / never).
 */
final class DevicesQuery {
    static final Set<String> PARAMS = Set.of("profile", "enterprise", "region", "state", "time_format");

    private final QueryPlanner planner;
    private final InfluxQueryClient influx;
    private final HistoryOptions options;

    DevicesQuery(QueryPlanner planner, InfluxQueryClient influx, HistoryOptions options) {
        this.planner = planner;
        this.influx = influx;
        this.options = options;
    }

    /** Checks the parameters before anything is read. */
    static void check(MultiMap q) {
        for (String name : q.names()) {
            if (!PARAMS.contains(name)) throw HistoryException.bad(name, "unknown query parameter '" + name + "'; accepted: " + new TreeSet<>(PARAMS));
        }
        String state = q.get("state");
        if (state != null && !Set.of("online", "offline", "never").contains(state)) {
            throw HistoryException.bad("state", "state: '" + state + "' is not online, offline or never");
        }
        String tf = q.get("time_format");
        if (tf != null && !tf.equals("iso") && !tf.equals("ms")) throw HistoryException.bad("time_format", "time_format: '" + tf + "' is not iso or ms");
    }

    /**
     * @param openAlerts open alerts per device id, with their levels (from the rules verticle)
     */
    JsonObject run(Scope scope, MultiMap q, Map<String, List<JsonObject>> openAlerts) {
        String profile = q.get("profile");
        if (profile != null) planner.profile("profile", profile);
        planner.known(scope, "enterprise", q.get("enterprise"));
        planner.known(scope, "region", q.get("region"));
        List<Device> devices = planner.devices(scope, profile, q.get("enterprise"), q.get("region"));
        Times times = new Times(options.zone(), "ms".equals(q.get("time_format")));
        Map<String, Long> lastSeen = lastSeen(devices);
        long now = System.currentTimeMillis();
        String state = q.get("state");
        JsonArray out = new JsonArray();
        for (Device d : devices) {
            Long seen = lastSeen.get(d.id());
            long window = (long) (3 * d.param("heartbeat_seconds", 60) * 1000);
            String st = seen == null ? "never" : now - seen <= window ? "online" : "offline";
            if (state != null && !state.equals(st)) continue;
            List<JsonObject> alerts = openAlerts.getOrDefault(d.id(), List.of());
            out.add(new JsonObject().put("id", d.id()).put("profile", d.profile()).put("enterprise", d.enterprise())
                    .put("region", d.region()).put("site", site(d)).put("last_seen", seen == null ? null : times.out(seen)).put("state", st)
                    .put("open_alerts", alerts.size()).put("alerts", new JsonArray(new ArrayList<>(alerts))));
        }
        return new JsonObject().put("count", out.size()).put("devices", out);
    }

    private static JsonObject site(Device d) {
        if (d.site() == null) return null;
        return new JsonObject().put("lat", d.site().lat()).put("lon", d.site().lon()).put("address", d.site().address());
    }

    /** The newest point time of each device, one query per profile (the newest point of each series). */
    private Map<String, Long> lastSeen(List<Device> devices) {
        Map<String, List<Device>> byProfile = new LinkedHashMap<>();
        for (Device d : devices) byProfile.computeIfAbsent(d.profile(), k -> new ArrayList<>()).add(d);
        Map<String, Long> out = new HashMap<>();
        byProfile.forEach((profile, list) -> {
            QueryPlanner.Target t = new QueryPlanner.Target(list, planner.profile("profile", profile));
            // the profile's first field is enough to find a series' newest point; LIMIT 1 per device series
            String q = "SELECT * " + t.from() + " WHERE " + t.deviceClause() + " GROUP BY " + InfluxQl.ident("device")
                    + " ORDER BY time DESC LIMIT 1";
            influx.query(q, options.chunkSize(), (m, tags, cols, v) -> {
                String id = tags.get("device");
                if (id != null && v[0] instanceof Number n) out.merge(id, n.longValue(), Math::max);
            });
        });
        return out;
    }
}

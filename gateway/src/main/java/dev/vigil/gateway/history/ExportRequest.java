package dev.vigil.gateway.history;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parsed parameters of {@code GET /api/v1/export.csv}: which devices (by {@code device}, a
 * comma-separated list, or by {@code profile}, {@code enterprise}, {@code region}; all of one
 * profile), which fields (default all) and the range (default the last 24 hours).
 */
record ExportRequest(QueryPlanner.Target target, List<FieldSpec> fields, long from, long to, String what) {
    static final Set<String> PARAMS = Set.of("device", "profile", "enterprise", "region", "fields", "from", "to");

    static ExportRequest parse(QueryPlanner planner, Scope scope, MultiMap q) {
        for (String name : q.names()) {
            if (!PARAMS.contains(name)) throw HistoryException.bad(name, "unknown query parameter '" + name + "'; accepted: " + new TreeSet<>(PARAMS));
        }
        long now = System.currentTimeMillis();
        long to = q.get("to") == null ? now : Times.parse("to", q.get("to"));
        long from = q.get("from") == null ? to - RangeParams.DAY_MS : Times.parse("from", q.get("from"));
        if (from > to) throw HistoryException.bad("from", "from (" + q.get("from") + ") is after to (" + q.get("to") + ")");
        List<Device> devices = new ArrayList<>();
        String profileName = q.get("profile");
        if (profileName != null) planner.profile("profile", profileName);
        planner.known(scope, "enterprise", q.get("enterprise"));
        planner.known(scope, "region", q.get("region"));
        if (q.get("device") != null) {
            for (String id : new LinkedHashSet<>(List.of(q.get("device").split(",")))) {
                Device d = planner.device(scope, id.strip()).device();
                devices.add(d);
            }
            devices.removeIf(d -> (profileName != null && !profileName.equals(d.profile()))
                    || (q.get("enterprise") != null && !q.get("enterprise").equals(d.enterprise()))
                    || (q.get("region") != null && !q.get("region").equals(d.region())));
        } else if (profileName != null || q.get("enterprise") != null || q.get("region") != null) {
            devices = planner.devices(scope, profileName, q.get("enterprise"), q.get("region"));
        } else {
            throw HistoryException.bad("device", "say what to export: device, profile, enterprise or region");
        }
        if (devices.isEmpty()) throw new HistoryException(404, "device", "no device matches these filters");
        Set<String> profiles = new TreeSet<>();
        for (Device d : devices) profiles.add(d.profile());
        if (profiles.size() > 1) {
            throw HistoryException.bad("profile", "the devices follow several profiles " + profiles + "; add profile= to export one of them");
        }
        DeviceProfile p = planner.profile("profile", profiles.iterator().next());
        List<FieldSpec> fields = QueryPlanner.fields(p, q.get("fields"), f -> true, "");
        StringBuilder what = new StringBuilder("profile=").append(p.name());
        for (String k : List.of("device", "enterprise", "region", "fields")) {
            if (q.get(k) != null) what.append(' ').append(k).append('=').append(q.get(k));
        }
        return new ExportRequest(new QueryPlanner.Target(List.copyOf(devices), p), fields, from, to, what.toString());
    }
}

package dev.vigil.gateway.history;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.FieldSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where every history query starts: the caller's {@link Scope} is applied here, and only here,
 * to the devices of the registry; device ids and field names are checked against the registry
 * and the profile before any of them is quoted into InfluxQL.
 */
public final class QueryPlanner {
    private final Supplier<DeviceRegistry> registry;

    public QueryPlanner(Supplier<DeviceRegistry> registry) {
        this.registry = registry;
    }

    /** One device the caller may see, with its profile; 404 when it is unknown or outside the scope. */
    public Target device(Scope scope, String id) {
        DeviceRegistry reg = registry.get();
        Device d = id == null ? null : reg.byId(id);
        if (d == null || !scope.allows(d)) throw new HistoryException(404, "id", "no device '" + id + "'");
        DeviceProfile p = reg.profileOf(d);
        if (p == null) throw new HistoryException(404, "id", "device '" + id + "' has no loaded profile '" + d.profile() + "'");
        return new Target(List.of(d), p);
    }

    /** The devices the caller may see that match the filters (null = any), ordered by id. */
    public List<Device> devices(Scope scope, String profile, String enterprise, String region) {
        List<Device> out = new ArrayList<>();
        for (Device d : registry.get().devices()) {
            if (!scope.allows(d)) continue;
            if (profile != null && !profile.equals(d.profile())) continue;
            if (enterprise != null && !enterprise.equals(d.enterprise())) continue;
            if (region != null && !region.equals(d.region())) continue;
            out.add(d);
        }
        out.sort(Comparator.comparing(Device::id));
        return out;
    }

    /**
     * Checks an enterprise or region filter against the devices the caller may see: 400 naming
     * {@code field} and listing the known values when none of them has it. Null passes.
     */
    public void known(Scope scope, String field, String value) {
        if (value == null) return;
        Set<String> known = new java.util.TreeSet<>();
        for (Device d : registry.get().devices()) {
            if (!scope.allows(d)) continue;
            String v = field.equals("enterprise") ? d.enterprise() : d.region();
            if (v.equals(value)) return;
            known.add(v);
        }
        throw HistoryException.bad(field, field + ": no device of " + field + " '" + value + "'; known: " + known);
    }

    /** The profile of a name, or 400 naming {@code field} and the known profiles. */
    public DeviceProfile profile(String field, String name) {
        DeviceProfile p = registry.get().profile(name);
        if (p == null) {
            throw HistoryException.bad(field, field + ": no profile '" + name + "'; known: "
                    + new java.util.TreeSet<>(registry.get().profiles().keySet()));
        }
        return p;
    }

    /**
     * The fields named in a comma-separated list (all that pass {@code kind} when the list is
     * null or empty); 400 naming the first unknown or unsuitable one and listing the valid ones.
     */
    public static List<FieldSpec> fields(DeviceProfile p, String list, Predicate<FieldSpec> kind, String what) {
        List<String> valid = p.fields().stream().filter(kind).map(FieldSpec::name).toList();
        if (list == null || list.isBlank()) {
            if (valid.isEmpty()) throw HistoryException.bad("fields", "profile " + p.name() + " has no " + what + " fields");
            return p.fields().stream().filter(kind).toList();
        }
        Set<FieldSpec> out = new LinkedHashSet<>();
        for (String raw : list.split(",")) {
            String name = raw.strip();
            FieldSpec f = p.field(name);
            if (f == null || !kind.test(f)) {
                throw HistoryException.bad("fields", "fields: '" + raw + "' is not a " + what + " field of profile "
                        + p.name() + "; valid: " + String.join(",", valid));
            }
            out.add(f);
        }
        return List.copyOf(out);
    }

    /**
     * Devices of one profile to read: a checked measurement and device list.
     *
     * @param devices the devices (all of {@code profile})
     * @param profile their profile
     */
    public record Target(List<Device> devices, DeviceProfile profile) {

        public Device device() {
            return devices.get(0);
        }

        /** {@code FROM "profile"}. */
        public String from() {
            return " FROM " + InfluxQl.ident(profile.name());
        }

        /** {@code WHERE ("device" = 'a' OR ...) AND time >= ..ms AND time <= ..ms}. */
        public String where(long fromMs, long toMs) {
            return " WHERE " + deviceClause() + " AND time >= " + InfluxQl.ms(fromMs) + " AND time <= " + InfluxQl.ms(toMs);
        }

        /** {@code ("device" = 'a' OR "device" = 'b')}. */
        public String deviceClause() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < devices.size(); i++) {
                if (i > 0) sb.append(" OR ");
                sb.append(InfluxQl.ident("device")).append(" = ").append(InfluxQl.string(devices.get(i).id()));
            }
            return sb.append(')').toString();
        }
    }
}

package dev.vigil.rules.model;

import dev.vigil.rules.zones.Zone;
import dev.vigil.rules.zones.ZoneKind;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which zones a geofence rule looks at: by id, by kind, and/or by properties (all given parts must
 * match).
 */
public record ZoneSelector(Set<String> ids, ZoneKind kind, Map<String, String> properties) {

    public ZoneSelector {
        ids = ids == null ? Set.of() : Set.copyOf(ids);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** True when the zone is selected. */
    public boolean matches(Zone z) {
        if (!ids.isEmpty() && !ids.contains(z.id())) return false;
        if (kind != null && kind != z.kind()) return false;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            Object v = z.properties().get(e.getKey());
            if (v == null || !Objects.equals(String.valueOf(v), e.getValue())) return false;
        }
        return true;
    }
}

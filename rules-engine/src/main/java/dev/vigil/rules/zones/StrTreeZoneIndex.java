package dev.vigil.rules.zones;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable {@link ZoneIndex} over loaded zones, with an STR-tree to find candidate zones fast. */
final class StrTreeZoneIndex implements ZoneIndex {
    private final Map<String, ZoneShape> byId;
    private final List<Zone> zones;
    private final STRtree tree = new STRtree();

    StrTreeZoneIndex(List<ZoneShape> shapes) {
        Map<String, ZoneShape> m = new LinkedHashMap<>();
        List<Zone> all = new ArrayList<>();
        for (ZoneShape s : shapes) {
            m.put(s.zone().id(), s);
            all.add(s.zone());
            tree.insert(s.envelope(), s);
        }
        tree.build();
        this.byId = Collections.unmodifiableMap(m);
        this.zones = List.copyOf(all);
    }

    @Override
    public List<Zone> containing(double lon, double lat) {
        @SuppressWarnings("unchecked")
        List<ZoneShape> candidates = tree.query(new Envelope(lon, lon, lat, lat));
        List<Zone> out = new ArrayList<>(candidates.size());
        for (ZoneShape s : candidates) if (s.contains(lon, lat)) out.add(s.zone());
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    @Override
    public double distanceMetres(String zoneId, double lon, double lat) {
        ZoneShape s = byId.get(zoneId);
        return s == null ? Double.NaN : s.distanceMetres(lon, lat);
    }

    @Override
    public Zone byId(String id) {
        ZoneShape s = byId.get(id);
        return s == null ? null : s.zone();
    }

    @Override
    public Collection<Zone> all() {
        return zones;
    }
}

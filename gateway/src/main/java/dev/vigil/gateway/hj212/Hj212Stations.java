package dev.vigil.gateway.hj212;

import dev.vigil.profile.Credentials;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registered HJ 212 stations of the current registry, by MN: a device with
 * {@code connection: {hj212: {mn: <MN>, password_hash: sha256:...}}} (MN defaults to the device
 * id). The password (PW) is stored like tokens, as a salted SHA-256 under the registry's salt.
 * The index is rebuilt when the registry is replaced.
 */
final class Hj212Stations {
    private static final Logger LOG = LoggerFactory.getLogger(Hj212Stations.class);
    private static final List<String> KEYS = List.of("mn", "password_hash");

    private final Supplier<DeviceRegistry> registry;
    private volatile Snapshot snapshot;

    private record Snapshot(DeviceRegistry registry, Map<String, Station> byMn) {}

    /** A station: its device and the hash of its PW. */
    record Station(Device device, String passwordHash) {}

    /** What the log-in check found. */
    enum Outcome { OK, UNKNOWN_MN, WRONG_PW }

    Hj212Stations(Supplier<DeviceRegistry> registry) {
        this.registry = registry;
    }

    /** The station with this MN, or null. */
    Station byMn(String mn) {
        return mn == null ? null : current().byMn().get(mn);
    }

    /** Checks a frame's MN and PW. */
    Outcome check(Station station, String pw) {
        if (station == null) return Outcome.UNKNOWN_MN;
        return Credentials.matches(current().registry().salt(), pw == null ? "" : pw, station.passwordHash())
                ? Outcome.OK : Outcome.WRONG_PW;
    }

    /** The profile a station's device follows, in the current registry. */
    dev.vigil.profile.DeviceProfile profileOf(Station station) {
        return current().registry().profileOf(station.device());
    }

    private Snapshot current() {
        DeviceRegistry reg = registry.get();
        Snapshot s = snapshot;
        if (s == null || s.registry() != reg) {
            s = new Snapshot(reg, index(reg));
            snapshot = s;
        }
        return s;
    }

    /** The stations of a registry by MN; devices with a bad hj212 entry are logged and left out. */
    static Map<String, Station> index(DeviceRegistry reg) {
        Map<String, Station> out = new HashMap<>();
        for (Device d : reg.devices()) {
            Object c = d.connection().get("hj212");
            if (c == null) continue;
            try {
                Station s = station(d, c);
                Station prev = out.putIfAbsent(mnOf(d, c), s);
                if (prev != null) {
                    LOG.error("device {}: connection.hj212.mn '{}' is already the MN of device {}; {} is left out",
                            d.id(), mnOf(d, c), prev.device().id(), d.id());
                }
            } catch (IllegalArgumentException e) {
                LOG.error("{}; the station is left out", e.getMessage());
            }
        }
        return out;
    }

    private static String mnOf(Device d, Object c) {
        return c instanceof Map<?, ?> m && m.get("mn") != null ? String.valueOf(m.get("mn")) : d.id();
    }

    private static Station station(Device d, Object c) {
        String at = "device " + d.id() + ": connection.hj212";
        if (!(c instanceof Map<?, ?> m)) throw new IllegalArgumentException(at + ": expected {mn: <MN>, password_hash: sha256:...}");
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) throw new IllegalArgumentException(at + "." + k + ": unknown key; accepted: " + KEYS);
        }
        String mn = mnOf(d, c);
        if (!mn.matches("[A-Za-z0-9]{1,24}")) throw new IllegalArgumentException(at + ".mn '" + mn + "': an MN is 1 to 24 letters and digits");
        if (!(m.get("password_hash") instanceof String h) || !h.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException(at + ".password_hash must be sha256: and 64 hex digits (vigil device add --hj212-password writes it)");
        }
        return new Station(d, h);
    }
}

package dev.vigil.profile;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of the registered devices and the profiles they follow, with look-ups by
 * device id and by access token. A reload builds a new snapshot.
 */
public final class DeviceRegistry {
    private final String salt;
    private final Map<String, Device> byId;
    private final Map<String, Device> byTokenHash;
    private final Map<String, DeviceProfile> profiles;

    /**
     * @param salt     the registry's salt for token hashes
     * @param devices  registered devices; each device's profile must be in {@code profiles}
     * @param profiles profiles by name
     */
    public DeviceRegistry(String salt, Collection<Device> devices, Map<String, DeviceProfile> profiles) {
        this.salt = salt == null ? "" : salt;
        Map<String, Device> ids = new LinkedHashMap<>();
        Map<String, Device> tokens = new HashMap<>();
        for (Device d : devices) {
            if (!profiles.containsKey(d.profile())) {
                throw new IllegalArgumentException("device " + d.id() + ": unknown profile '" + d.profile() + "'");
            }
            if (ids.put(d.id(), d) != null) throw new IllegalArgumentException("device " + d.id() + " is registered twice");
            if (d.tokenHash() != null) tokens.put(d.tokenHash(), d);
        }
        this.byId = Collections.unmodifiableMap(ids);
        this.byTokenHash = Map.copyOf(tokens);
        this.profiles = Map.copyOf(profiles);
    }

    public String salt() { return salt; }

    /** The device with this id, or null. */
    public Device byId(String id) {
        return id == null ? null : byId.get(id);
    }

    /** The device whose access token this is, or null (ThingsBoard convention: token only). */
    public Device byToken(String token) {
        return token == null ? null : byTokenHash.get(Credentials.hash(salt, token));
    }

    /** True when the token is this device's. */
    public boolean authenticate(Device device, String token) {
        return device != null && Credentials.matches(salt, token, device.tokenHash());
    }

    /** The profile with this name, or null. */
    public DeviceProfile profile(String name) {
        return profiles.get(name);
    }

    /** The profile a device follows. */
    public DeviceProfile profileOf(Device device) {
        return profiles.get(device.profile());
    }

    public Collection<Device> devices() { return byId.values(); }

    public Map<String, DeviceProfile> profiles() { return profiles; }
}

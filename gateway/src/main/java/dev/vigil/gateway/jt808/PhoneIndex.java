package dev.vigil.gateway.jt808;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Finds the registered device of a terminal phone number: the registry's
 * {@code connection: {jt808: {phone: "..."}}} entries, keyed without leading zeros so that a
 * 12-digit (2013) and a 20-digit (2019) header name the same terminal. Rebuilt when the registry
 * snapshot changes.
 */
final class PhoneIndex {
    private static final Logger LOG = LoggerFactory.getLogger(PhoneIndex.class);

    private volatile DeviceRegistry source;
    private volatile Map<String, Device> byPhone = Map.of();

    /** The device of a phone number in the given registry snapshot, or null. */
    Device lookup(DeviceRegistry registry, String phone) {
        if (registry != source) rebuild(registry);
        return byPhone.get(Jt808Header.phoneKey(phone));
    }

    private synchronized void rebuild(DeviceRegistry registry) {
        if (registry == source) return;
        Map<String, Device> m = new HashMap<>();
        for (Device d : registry.devices()) {
            String phone = phoneOf(d);
            if (phone == null) {
                if (d.connection().containsKey("jt808")) {
                    LOG.warn("device {}: connection.jt808.phone must be 1-20 digits, got {}; the terminal cannot register", d.id(),
                            d.connection().get("jt808"));
                }
                continue;
            }
            Device prev = m.put(Jt808Header.phoneKey(phone), d);
            if (prev != null) LOG.warn("JT/T 808 phone {} is registered for both {} and {}; using {}", phone, prev.id(), d.id(), d.id());
        }
        byPhone = m;
        source = registry;
    }

    /** The phone number in a device's connection settings, or null. */
    static String phoneOf(Device d) {
        if (d.connection().get("jt808") instanceof Map<?, ?> m && m.get("phone") != null) {
            String p = String.valueOf(m.get("phone")).strip();
            return p.matches("\\d{1,20}") ? p : null;
        }
        return null;
    }
}

package dev.vigil.gateway.cli;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.RegistryLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Checks a JT/T 808 terminal phone number for {@code vigil device add}: digits only, and not registered yet. */
final class Jt808Phones {
    private Jt808Phones() {}

    /** What is wrong with the phone number, or null when it can be registered. */
    static String check(String phone, Path registry, Map<String, DeviceProfile> profiles) {
        if (!phone.matches("\\d{1,20}")) return "a terminal phone number is 1-20 digits (BCD in the message header)";
        if (!Files.exists(registry)) return null;
        String key = strip(phone);
        for (Device d : RegistryLoader.load(registry, profiles).devices()) {
            if (d.connection().get("jt808") instanceof Map<?, ?> m && m.get("phone") != null
                    && strip(String.valueOf(m.get("phone"))).equals(key)) {
                return "already registered for device " + d.id();
            }
        }
        return null;
    }

    private static String strip(String digits) {
        String s = digits.replaceFirst("^0+", "");
        return s.isEmpty() ? "0" : s;
    }
}

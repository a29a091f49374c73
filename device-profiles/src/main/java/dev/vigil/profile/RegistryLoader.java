package dev.vigil.profile;

import dev.vigil.profile.yaml.RegistryReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the device registry file ({@code config/devices.yaml}: a salt and a list of devices) into
 * a {@link DeviceRegistry}, checking every device against the profiles and reporting each problem
 * as {@code file:line: message}. Parameters a device does not set take the profile's defaults.
 *
 * <pre>
 * salt: 3f9a...
 * devices:
 *   - id: elv-0001
 *     profile: elevator
 *     enterprise: 乌海市某物业公司
 *     region: wuhai-haibowan
 *     params: {rated_speed: 1.75}
 *     token_hash: sha256:...
 *     connection: {modbus: {host: 127.0.0.1, port: 5020, unit: 1, interval_ms: 1000}}
 * </pre>
 */
public final class RegistryLoader {
    /** Where the registry lives, relative to the repository root. */
    public static final Path DEFAULT_FILE = Path.of("config", "devices.yaml");

    private RegistryLoader() {}

    /**
     * Loads a registry file.
     *
     * @param file     the registry file
     * @param profiles the known profiles by name (see {@link ProfileLoader})
     * @throws ProfileException listing every problem of the file
     */
    public static DeviceRegistry load(Path file, Map<String, DeviceProfile> profiles) {
        List<Problem> problems = new ArrayList<>();
        String text = ProfileLoader.readText(file, problems);
        if (text == null) throw new ProfileException(problems);
        return parse(file, text, profiles);
    }

    /**
     * Loads the profiles of a directory, then the registry file against them (what the gateway
     * does at start-up).
     *
     * @throws ProfileException listing every problem of the profiles, or else of the registry
     */
    public static DeviceRegistry load(Path file, Path profilesDir) {
        return load(file, ProfileLoader.loadDirectory(profilesDir));
    }

    /**
     * Loads a registry from text; {@code file} names it in messages.
     *
     * @throws ProfileException listing every problem
     */
    public static DeviceRegistry parse(Path file, String text, Map<String, DeviceProfile> profiles) {
        List<Problem> problems = new ArrayList<>();
        RegistryReader.Parsed p = RegistryReader.read(file, text, profiles, problems);
        if (!problems.isEmpty()) throw new ProfileException(problems);
        return new DeviceRegistry(p.salt(), p.devices(), profiles);
    }
}

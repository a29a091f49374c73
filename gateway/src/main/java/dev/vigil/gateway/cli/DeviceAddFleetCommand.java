package dev.vigil.gateway.cli;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileException;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil device add-fleet}: registers many devices of one profile at once (load tests,
 * large sites), writing the registry in one go and the plaintext tokens to a file ({@code id=token}
 * per line) that the load generator reads.
 */
@Command(name = "add-fleet", mixinStandardHelpOptions = true,
        description = {"Register COUNT devices named PREFIX000001 ... in one write; tokens go to --tokens-out (id=token lines)."})
public final class DeviceAddFleetCommand implements Callable<Integer> {

    @Option(names = "--registry", defaultValue = "config/devices.yaml", description = "registry file (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(names = "--profiles", defaultValue = "device-profiles/profiles", description = "profiles directory (default: ${DEFAULT-VALUE})")
    Path profilesDir;

    @Option(names = "--profile", required = true, description = "profile of every device, e.g. elevator")
    String profile;

    @Option(names = "--prefix", required = true, description = "device id prefix, e.g. ld-")
    String prefix;

    @Option(names = "--count", required = true, description = "number of devices")
    int count;

    @Option(names = "--start", defaultValue = "1", description = "first number (default: ${DEFAULT-VALUE})")
    int start;

    @Option(names = "--enterprise", defaultValue = "", description = "enterprise of every device")
    String enterprise;

    @Option(names = "--region", defaultValue = "", description = "region of every device")
    String region;

    @Option(names = "--tokens-out", required = true, description = "file to write id=token lines to (mode 600)")
    Path tokensOut;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            System.err.println("error: --count must be at least 1, got " + count);
            return 2;
        }
        Map<String, DeviceProfile> profiles;
        try {
            profiles = ProfileLoader.loadDirectory(profilesDir);
        } catch (ProfileException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        if (!profiles.containsKey(profile)) {
            System.err.println("error: --profile: unknown profile '" + profile + "'; known: " + profiles.keySet());
            return 2;
        }
        int digits = Math.max(6, String.valueOf(start + count - 1).length());
        List<Device> devices = new ArrayList<>(count);
        for (int i = start; i < start + count; i++) {
            devices.add(new Device(prefix + String.format("%0" + digits + "d", i), profile, enterprise, region,
                    Map.of(), null, null));
        }
        Map<String, String> tokens;
        try {
            tokens = RegistryWriter.addAll(registry, devices, profiles);
        } catch (ProfileException | IllegalArgumentException e) {
            System.err.println("error: " + registry + ": " + e.getMessage());
            return 2;
        }
        StringBuilder sb = new StringBuilder(count * 40);
        tokens.forEach((id, token) -> sb.append(id).append('=').append(token).append('\n'));
        Path parent = tokensOut.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(tokensOut, sb);
        try {
            Files.setPosixFilePermissions(tokensOut, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        System.out.println("registered " + count + " " + profile + " devices " + devices.get(0).id() + " ... "
                + devices.get(count - 1).id() + " in " + registry + "; tokens in " + tokensOut);
        return 0;
    }
}

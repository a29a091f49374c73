package dev.vigil.gateway.cli;

import dev.vigil.gateway.coap.CoapConfig;
import dev.vigil.gateway.coap.DevicePsk;
import dev.vigil.gateway.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil device psk --id ID}: prints a device's CoAP/DTLS pre-shared key, derived from the
 * gateway's master secret, for provisioning the device (PSK identity = device id).
 */
@Command(name = "psk", mixinStandardHelpOptions = true,
        description = {"Print a device's DTLS pre-shared key (32 hex characters, used as the key's ASCII bytes).",
                "The master secret comes from --secret-file, else the environment variable " + CoapConfig.PSK_SECRET_ENV
                        + ", else coap.psk_secret in the gateway's configuration file."})
public final class DevicePskCommand implements Callable<Integer> {

    @Option(names = "--id", required = true, split = ",", description = "device id (also the PSK identity); several: --id a,b or --id a --id b")
    List<String> ids;

    @Option(names = "--pairs", description = "print id=psk lines (the simulators' --psks file) instead of the bare key")
    boolean pairs;

    @Option(names = "--secret-file", description = "file holding the master secret (first line)")
    Path secretFile;

    @Option(names = {"-c", "--config"}, defaultValue = "config/vigil.yaml",
            description = "gateway configuration file, for coap.psk_secret (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--registry", description = "device registry: ids not registered there are refused"
            + " (default: the registry named in the configuration file)")
    Path registry;

    @Option(names = "--profiles", description = "profiles directory (default: the one named in the configuration file,"
            + " else device-profiles/profiles)")
    Path profilesDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String secret;
        try {
            secret = secret();
        } catch (ConfigLoader.ConfigException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        if (secret == null) {
            spec.commandLine().getErr().println("no master secret. DTLS is off by default; to turn it on, set coap.dtls_enabled: true"
                    + " and a master secret of 16 or more characters (coap.psk_secret in " + config + ", or the environment variable "
                    + CoapConfig.PSK_SECRET_ENV + "), restart the gateway, then print each device's key with this command"
                    + " (or pass --secret-file)");
            return 2;
        }
        List<String> unknown;
        try {
            unknown = unregistered();
        } catch (ConfigLoader.ConfigException | dev.vigil.profile.ProfileException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        if (!unknown.isEmpty()) {
            spec.commandLine().getErr().println("error: not registered: " + String.join(", ", unknown)
                    + " (register with ./vigil device add; a key is printed only for a registered device)");
            return 2;
        }
        try {
            for (String id : ids) {
                String psk = DevicePsk.forDevice(secret, id);
                spec.commandLine().getOut().println(pairs || ids.size() > 1 ? id + "=" + psk : psk);
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
    }

    /** The ids that the registry does not hold. */
    private List<String> unregistered() {
        Path reg = registry;
        Path profiles = profilesDir;
        if (Files.exists(config)) {
            var cfg = ConfigLoader.load(config, System.getenv());
            if (reg == null) reg = Path.of(cfg.registry());
            if (profiles == null) profiles = Path.of(cfg.profiles());
        }
        if (profiles == null) profiles = dev.vigil.profile.ProfileLoader.DEFAULT_DIR;
        if (reg == null) reg = dev.vigil.profile.RegistryLoader.DEFAULT_FILE;
        if (!Files.exists(reg)) return ids;
        var devices = dev.vigil.profile.RegistryLoader.load(reg, profiles);
        return ids.stream().filter(id -> devices.byId(id) == null).toList();
    }

    /** The same secret the gateway would use: the file given, else the environment, else the config file. */
    private String secret() throws IOException {
        if (secretFile != null) return Files.readAllLines(secretFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        return ConfigLoader.load(Files.exists(config) ? config : null).coap().pskSecret(); // the file, or VIGIL_PSK_SECRET
    }
}

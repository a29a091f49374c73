package dev.vigil.gateway.cli;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileException;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Problem;
import dev.vigil.profile.RegistryLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code vigil device list}: validates the registry and lists its devices with their parameters. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Validate the device registry and list its devices, parameters completed with the profile defaults.",
                "校验设备登记文件并列出设备（参数已补全模型默认值）。"})
public final class DeviceListCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--registry", paramLabel = "FILE", defaultValue = "config/devices.yaml",
            description = "Registry file (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(names = "--profiles", paramLabel = "DIR", defaultValue = "device-profiles/profiles",
            description = "Profile directory (default: ${DEFAULT-VALUE})")
    Path profilesDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(registry)) {
            err.println(registry + ": no registry yet; add a device with `vigil device add --registry " + registry + " ...`");
            err.flush();
            return 1;
        }
        try {
            DeviceRegistry r = RegistryLoader.load(registry, ProfileLoader.loadDirectory(profilesDir));
            TextTable t = new TextTable("ID", "PROFILE", "ENTERPRISE", "REGION", "TOKEN", "PARAMS");
            for (Device d : r.devices()) {
                t.row(d.id(), d.profile(), d.enterprise(), d.region(), d.tokenHash() == null ? "-" : "yes",
                        d.params().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + "=" + ProfilesShowCommand.number(e.getValue())).collect(Collectors.joining(" ")));
            }
            t.print(out);
            out.printf("%d device%s in %s%n", r.devices().size(), r.devices().size() == 1 ? "" : "s", registry);
            out.flush();
            return 0;
        } catch (ProfileException e) {
            for (Problem p : e.problems()) err.println(p);
            err.flush();
            return 1;
        }
    }
}

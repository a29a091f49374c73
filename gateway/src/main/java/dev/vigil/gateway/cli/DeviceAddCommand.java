package dev.vigil.gateway.cli;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ParameterSpec;
import dev.vigil.profile.ProfileException;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Problem;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.profile.Site;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil device add}: registers a device in the registry file and prints its access token
 * once (only a salted hash is stored).
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Register a device and print its access token. The token is shown only this once:",
                "the registry stores only its salted hash. Restart (or reload) the gateway to pick the device up.",
                "登记设备并打印访问令牌。令牌仅显示这一次，登记文件只保存其加盐哈希。"},
        footer = {"", "Example:",
                "  vigil device add --id elv-0001 --profile elevator \\",
                "      --enterprise 某物业公司 --region wuhai-haibowan \\",
                "      --param rated_speed=1.75",
                "",
                "A CEMS analyser polled over Modbus TCP (unit 3 behind a serial gateway, every 5 s):",
                "  vigil device add --id cems-0001 --profile emission-cems \\",
                "      --modbus-host 10.0.0.20 --modbus-port 502 --modbus-unit 3 --modbus-interval-ms 5000",
                "",
                "A CEMS data logger reporting over HJ 212:",
                "  vigil device add --id cems-0100 --profile emission-cems \\",
                "      --hj212-mn 010000A8900016F000169DC0 --hj212-password 123456"})
public final class DeviceAddCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--registry", paramLabel = "FILE", defaultValue = "config/devices.yaml",
            description = "Registry file; created with a fresh salt if missing (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(names = "--profiles", paramLabel = "DIR", defaultValue = "device-profiles/profiles",
            description = "Profile directory (default: ${DEFAULT-VALUE})")
    Path profilesDir;

    @Option(names = "--id", required = true, paramLabel = "ID",
            description = "Device id (设备编号): 1-64 of A-Z a-z 0-9 _ . : - ; the MQTT username")
    String id;

    @Option(names = "--profile", required = true, paramLabel = "PROFILE",
            description = "Profile name (设备模型), e.g. elevator, emission-cems, hazmat-vehicle, power-transformer")
    String profile;

    @Option(names = "--enterprise", paramLabel = "NAME", defaultValue = "", description = "Owning enterprise (所属企业)")
    String enterprise;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "", description = "Administrative region (所属区域)")
    String region;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Device parameter (设备参数) declared by the profile, e.g. rated_speed=1.75; repeatable."
                    + " Parameters not given take the profile's defaults.")
    Map<String, String> params = new LinkedHashMap<>();

    @CommandLine.Mixin
    ModbusConnectionOptions modbus = new ModbusConnectionOptions();

    @Option(names = "--jt808-phone", paramLabel = "DIGITS",
            description = "JT/T 808 terminal phone number (终端手机号), 1-20 digits: the terminal registers and"
                    + " authenticates with it (leading zeros do not matter: 013912345678 = 13912345678)")
    String jt808Phone;

    @Option(names = "--hj212-mn", paramLabel = "MN",
            description = "HJ 212 station id (MN, 1-24 letters and digits) of a CEMS data logger; default: the device id")
    String hj212Mn;

    @Option(names = "--hj212-password", paramLabel = "PW",
            description = "HJ 212 access password (PW) of the data logger; stored only as a salted hash."
                    + " Makes the device an HJ 212 station.")
    String hj212Password;

    @Option(names = "--site", paramLabel = "LAT,LON",
            description = "Where a fixed device stands (安装位置), WGS-84 degrees, e.g. 39.6712,106.8254: drawn on the console's map")
    String site;

    @Option(names = "--address", paramLabel = "TEXT", description = "Address of the site (安装地址), shown with --site")
    String address;

    @Option(names = {"-q", "--token-only"}, description = "Print only the token (for scripts)")
    boolean tokenOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(profilesDir);
            DeviceProfile p = profiles.get(profile);
            if (p == null) {
                return fail(err, "unknown profile '" + profile + "': known profiles are " + String.join(", ", profiles.keySet()));
            }
            Map<String, ParameterSpec> specs = ParameterSpec.of(p);
            Map<String, Object> typed = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : params.entrySet()) {
                ParameterSpec ps = specs.get(e.getKey());
                if (ps == null) {
                    return fail(err, "--param " + e.getKey() + ": profile " + profile + " has no parameter '" + e.getKey() + "'"
                            + (specs.isEmpty() ? "" : "; it declares " + String.join(", ", specs.keySet())));
                }
                try {
                    typed.put(e.getKey(), ps.parse(e.getValue()));
                } catch (IllegalArgumentException ex) {
                    return fail(err, "--param " + e.getKey() + "=" + e.getValue() + ": " + ex.getMessage());
                }
            }
            Map<String, Object> connection = new LinkedHashMap<>(modbus.connection(p, profiles));
            if (jt808Phone != null) {
                String problem = Jt808Phones.check(jt808Phone, registry, profiles);
                if (problem != null) return fail(err, "--jt808-phone " + jt808Phone + ": " + problem);
                connection.put("jt808", Map.of("phone", jt808Phone));
            }
            if (hj212Mn != null && hj212Password == null) return fail(err, "--hj212-mn needs --hj212-password (the station's PW)");
            if (hj212Password != null) {
                String mn = hj212Mn == null ? id : hj212Mn;
                if (!mn.matches("[A-Za-z0-9]{1,24}")) return fail(err, "--hj212-mn '" + mn + "': an MN is 1 to 24 letters and digits");
                if (hj212Password.isEmpty() || hj212Password.length() > 64) return fail(err, "--hj212-password: give 1 to 64 characters");
                String hash = dev.vigil.profile.Credentials.hash(RegistryWriter.salt(registry, profiles), hj212Password);
                Map<String, Object> hj212 = new LinkedHashMap<>();
                hj212.put("mn", mn);
                hj212.put("password_hash", hash);
                connection.put("hj212", hj212);
            }
            Site where = null;
            if (site != null) {
                String[] ll = site.split(",");
                try {
                    if (ll.length != 2) throw new IllegalArgumentException("give latitude and longitude as LAT,LON");
                    where = new Site(Double.parseDouble(ll[0].strip()), Double.parseDouble(ll[1].strip()), address);
                } catch (IllegalArgumentException ex) {
                    return fail(err, "--site " + site + ": " + (ex instanceof NumberFormatException ? "not a number" : ex.getMessage()));
                }
            } else if (address != null) {
                return fail(err, "--address needs --site LAT,LON");
            }
            String token = RegistryWriter.add(registry, new Device(id, profile, enterprise, region, typed, null, connection, where), profiles);
            if (tokenOnly) {
                out.println(token);
            } else {
                out.printf("Added device %s (%s) to %s.%n%n", id, profile, registry);
                out.println("Access token (访问令牌):");
                out.println();
                out.println("    " + token);
                out.println();
                out.println("WARNING: this token is shown only this once and is NOT stored (only its salted hash is).");
                out.println("警告：令牌仅显示这一次，系统不保存明文，请立即妥善保存。");
                out.println();
                if (connection.containsKey("modbus")) out.println(ModbusConnectionOptions.describe(connection));
                out.printf("MQTT: username %s, password <token>, topic devices/%s/telemetry%n", id, id);
                out.println("ThingsBoard convention: username <token>, topic v1/devices/me/telemetry");
                if (jt808Phone != null) out.printf("JT/T 808: terminal phone %s registers (0x0100) and authenticates with the auth code it gets%n", jt808Phone);
                if (hj212Password != null) {
                    out.printf("HJ 212: MN %s with the PW given, to the gateway's hj212 port (default 9212)%n", hj212Mn == null ? id : hj212Mn);
                }
            }
            out.flush();
            return 0;
        } catch (ProfileException e) {
            for (Problem p : e.problems()) err.println(p);
            err.flush();
            return 1;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return fail(err, e.getMessage());
        }
    }

    private static int fail(PrintWriter err, String message) {
        for (String line : List.of(message.split("\n"))) err.println("vigil device add: " + line);
        err.flush();
        return 1;
    }
}

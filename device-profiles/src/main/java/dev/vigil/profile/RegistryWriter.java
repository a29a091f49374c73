package dev.vigil.profile;

import dev.vigil.profile.yaml.RegistryReader;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds devices to a registry file: appends the device's YAML block as text (so the comments and
 * layout of the file survive), creating the file with a fresh salt when it does not exist, and
 * hands back the device's new access token, which is stored only as a salted hash.
 */
public final class RegistryWriter {
    private static final Dump DUMP = new Dump(DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.FLOW)
            .setSchema(new CoreSchema())
            .setSplitLines(false)
            .setWidth(100_000)
            .build());

    private static final Pattern DUPLICATE = Pattern.compile("duplicate device id ('.*') \\(first at line (\\d+)\\)");

    private static final String LAYOUT =
            "keep 'devices:' as the last key of the file, as a block list of '- id: ...' entries";

    private RegistryWriter() {}

    /**
     * Adds a device to a registry file and returns its new access token: the only time the token
     * exists in plain text.
     *
     * @param file     the registry file; created (with its directory) when missing
     * @param device   the device; its {@code tokenHash} is ignored, and its params hold only
     *                 what differs from the profile's defaults (typed values)
     * @param profiles the known profiles by name
     * @throws ProfileException         when the existing file has problems, or the file could not
     *                                  be appended to in its present layout
     * @throws IllegalArgumentException when the device is invalid (message says why)
     * @throws UncheckedIOException     when the file cannot be read or written
     */
    public static String add(Path file, Device device, Map<String, DeviceProfile> profiles) {
        return addAll(file, List.of(device), profiles).get(device.id());
    }

    /**
     * Adds several devices in one write (one parse of the file instead of one per device, for
     * registering fleets); all or none are added.
     *
     * @return the new access tokens by device id, in the order given
     * @throws ProfileException         when the existing file has problems, or the file could not
     *                                  be appended to in its present layout
     * @throws IllegalArgumentException when a device is invalid (one line per problem)
     * @throws UncheckedIOException     when the file cannot be read or written
     */
    public static Map<String, String> addAll(Path file, List<Device> devices, Map<String, DeviceProfile> profiles) {
        String text = Files.exists(file) ? read(file) : newRegistryText();
        if (!text.isEmpty() && !text.endsWith("\n")) text += "\n";
        List<Problem> problems = new ArrayList<>();
        RegistryReader.Parsed before = RegistryReader.read(file, text, profiles, problems);
        if (!problems.isEmpty()) throw new ProfileException(problems);
        if (!before.devicesKey()) text += "devices:\n";
        int firstNewLine = (int) text.chars().filter(c -> c == '\n').count() + 1;
        int indent = before.itemColumn() >= 0 ? before.itemColumn() : 2;
        Map<String, String> tokens = new LinkedHashMap<>();
        StringBuilder after = new StringBuilder(text);
        for (Device d : devices) {
            String token = Credentials.newToken();
            tokens.put(d.id(), token);
            after.append(block(d, Credentials.hash(before.salt(), token), indent));
        }
        RegistryReader.Parsed parsed = RegistryReader.read(file, after.toString(), profiles, problems);
        List<String> deviceProblems = new ArrayList<>();
        for (Problem p : problems) {
            if (p.line() < firstNewLine || p.message().startsWith("YAML syntax error")) {
                throw new ProfileException(List.of(new Problem(file, p.line(), "cannot append a device here ("
                        + p.message() + "): " + LAYOUT)));
            }
            Matcher dup = DUPLICATE.matcher(p.message());
            deviceProblems.add(dup.matches() && Integer.parseInt(dup.group(2)) < firstNewLine
                    ? "device id " + dup.group(1) + " is already registered (line " + dup.group(2) + " of " + file + ")"
                    : p.message());
        }
        if (!deviceProblems.isEmpty()) throw new IllegalArgumentException(String.join("\n", deviceProblems));
        if (parsed.devices().size() != before.devices().size() + devices.size()) {
            throw new ProfileException(List.of(new Problem(file, 0, "cannot append a device: " + LAYOUT)));
        }
        write(file, after.toString());
        return tokens;
    }

    /**
     * The salt of a registry file, creating the file (empty, with a fresh salt) when it does not
     * exist: for credentials hashed before the device is added (e.g. an HJ 212 station's PW).
     *
     * @throws ProfileException when the file has no salt or other problems
     */
    public static String salt(Path file, Map<String, DeviceProfile> profiles) {
        if (!Files.exists(file)) write(file, newRegistryText());
        List<Problem> problems = new ArrayList<>();
        RegistryReader.Parsed parsed = RegistryReader.read(file, read(file), profiles, problems);
        if (!problems.isEmpty()) throw new ProfileException(problems);
        return parsed.salt();
    }

    /** The YAML text of a new, empty registry with a fresh salt. */
    static String newRegistryText() {
        return "# Vigil device registry: one entry per device. Tokens are stored only as salted hashes;\n"
                + "# add devices with `vigil device add` (it prints the token once).\n"
                + "salt: " + Credentials.newSalt() + "\n"
                + "devices:\n";
    }

    private static String block(Device d, String hash, int indent) {
        String pad = " ".repeat(indent);
        String in = pad + "  ";
        StringBuilder sb = new StringBuilder();
        sb.append(pad).append("- id: ").append(scalar(d.id())).append('\n');
        sb.append(in).append("profile: ").append(scalar(d.profile())).append('\n');
        if (!d.enterprise().isEmpty()) sb.append(in).append("enterprise: ").append(scalar(d.enterprise())).append('\n');
        if (!d.region().isEmpty()) sb.append(in).append("region: ").append(scalar(d.region())).append('\n');
        if (!d.params().isEmpty()) sb.append(in).append("params: ").append(scalar(new LinkedHashMap<>(d.params()))).append('\n');
        sb.append(in).append("token_hash: ").append(hash).append('\n');
        if (!d.connection().isEmpty()) sb.append(in).append("connection: ").append(scalar(new LinkedHashMap<>(d.connection()))).append('\n');
        if (d.site() != null) {
            Map<String, Object> site = new LinkedHashMap<>();
            site.put("lat", d.site().lat());
            site.put("lon", d.site().lon());
            if (!d.site().address().isEmpty()) site.put("address", d.site().address());
            sb.append(in).append("site: ").append(scalar(site)).append('\n');
        }
        return sb.toString();
    }

    private static String scalar(Object v) {
        return DUMP.dumpToString(v).strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

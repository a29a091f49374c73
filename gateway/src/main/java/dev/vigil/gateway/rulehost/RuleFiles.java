package dev.vigil.gateway.rulehost;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.RuleSetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files the gateway's rules come from: the {@code rules:} sections of the profile files and
 * the {@code *.yaml} / {@code *.yml} files of the rules directory (not recursive, sorted by name so
 * later files override earlier ones predictably). Blocking file-system work: call on a worker.
 */
final class RuleFiles {

    private RuleFiles() {}

    /** Rule files of the directory, sorted; none when the directory does not exist. */
    static List<Path> list(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".") && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * A string that changes whenever a rule file or profile file is added, removed or modified
     * (names, sizes and modification times).
     */
    static String fingerprint(Path dir, Collection<DeviceProfile> profiles) {
        List<Path> all = new ArrayList<>(list(dir));
        for (DeviceProfile p : profiles) if (p.source() != null) all.add(p.source());
        StringBuilder sb = new StringBuilder();
        for (Path p : all) {
            sb.append(p).append('|');
            try {
                sb.append(Files.getLastModifiedTime(p).toMillis()).append('|').append(Files.size(p));
            } catch (IOException e) {
                sb.append("missing");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Names, sizes and modification times of the GeoJSON files of the zones directory. */
    static String zonesFingerprint(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return "";
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".geojson") && !n.endsWith(".json")) continue;
                sb.append(p).append('|').append(Files.getLastModifiedTime(p).toMillis()).append('|')
                        .append(Files.size(p)).append('\n');
            }
        } catch (IOException e) {
            sb.append("unreadable");
        }
        return sb.toString();
    }

    /** Loads profile defaults plus the directory's rule files. */
    static RuleSetLoader.Result load(Path dir, Map<String, DeviceProfile> profiles) {
        return new RuleSetLoader(profiles).load(list(dir));
    }
}

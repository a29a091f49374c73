package dev.vigil.profile;

import dev.vigil.profile.yaml.ProfileReader;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads device profiles from YAML files and validates them, collecting every problem as
 * {@code file:line: message} instead of stopping at the first.
 *
 * <p>A directory contributes each {@code *.yaml} file in it (not sub-directories), except
 * {@code *.rules.yaml}. A profile's name must equal its file name without ".yaml".
 */
public final class ProfileLoader {
    /** Where the shipped profiles live, relative to the repository root. */
    public static final Path DEFAULT_DIR = Path.of("device-profiles", "profiles");

    private ProfileLoader() {}

    /** The outcome of checking profile files: the profiles that loaded cleanly and all problems. */
    public record Result(Map<String, DeviceProfile> profiles, List<Problem> problems) {
        /** True when there are no problems. */
        public boolean ok() {
            return problems.isEmpty();
        }

        /** The profiles by name, or a {@link ProfileException} listing every problem. */
        public Map<String, DeviceProfile> orThrow() {
            if (!problems.isEmpty()) throw new ProfileException(problems);
            return profiles;
        }
    }

    /**
     * Checks profile files and directories. Never throws for bad content: unreadable files,
     * YAML syntax errors and validation errors all become problems.
     *
     * @return profiles by name (sorted) that had no problems, and the problems of all files
     */
    public static Result check(List<Path> paths) {
        List<Problem> problems = new ArrayList<>();
        Map<String, DeviceProfile> profiles = new TreeMap<>();
        for (Path p : paths) {
            for (Path f : expand(p, problems)) {
                DeviceProfile d = readFile(f, problems);
                if (d == null) continue;
                DeviceProfile prev = profiles.putIfAbsent(d.name(), d);
                if (prev != null) {
                    problems.add(new Problem(f, 0, "profile '" + d.name() + "' is already defined in " + prev.source()));
                }
            }
        }
        return new Result(new LinkedHashMap<>(profiles), List.copyOf(problems));
    }

    /** Loads every profile of a directory; throws listing every problem. */
    public static Map<String, DeviceProfile> loadDirectory(Path dir) {
        return check(List.of(dir)).orThrow();
    }

    /** Loads one profile file; throws listing every problem. */
    public static DeviceProfile loadFile(Path file) {
        List<Problem> problems = new ArrayList<>();
        DeviceProfile p = readFile(file, problems);
        if (!problems.isEmpty()) throw new ProfileException(problems);
        return p;
    }

    /** Reads a profile from text; {@code file} names it in messages and must end with "NAME.yaml". */
    public static DeviceProfile parse(Path file, String text) {
        List<Problem> problems = new ArrayList<>();
        DeviceProfile p = ProfileReader.read(file, text, problems);
        if (!problems.isEmpty()) throw new ProfileException(problems);
        return p;
    }

    private static DeviceProfile readFile(Path f, List<Problem> problems) {
        String text = readText(f, problems);
        return text == null ? null : ProfileReader.read(f, text, problems);
    }

    /** Reads a file as UTF-8; an unreadable file becomes a problem and null. */
    static String readText(Path f, List<Problem> problems) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
        } catch (CharacterCodingException e) {
            problems.add(new Problem(f, 0, "not valid UTF-8 text: save the file as UTF-8"));
        } catch (IOException e) {
            problems.add(new Problem(f, 0, "cannot read: " + describe(e)));
        }
        return null;
    }

    private static List<Path> expand(Path p, List<Problem> problems) {
        if (Files.isRegularFile(p)) return List.of(p);
        if (!Files.isDirectory(p)) {
            problems.add(new Problem(p, 0, "no such file or directory"));
            return List.of();
        }
        try (Stream<Path> s = Files.list(p)) {
            List<Path> files = s.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".yaml") && !n.endsWith(".rules.yaml") && Files.isRegularFile(f);
            }).sorted().toList();
            if (files.isEmpty()) problems.add(new Problem(p, 0, "no profile files (*.yaml) in this directory"));
            return files;
        } catch (IOException e) {
            problems.add(new Problem(p, 0, "cannot list directory: " + describe(e)));
            return List.of();
        }
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

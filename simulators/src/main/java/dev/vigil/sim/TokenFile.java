package dev.vigil.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the device credentials a simulator connects with: one {@code id=token} per line, blank
 * lines and {@code #} comments ignored, in file order.
 */
public final class TokenFile {

    private TokenFile() {}

    /** Device id to token, in file order; errors name the file and line. */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the tokens file: " + e.getMessage(), e);
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0 || eq == line.length() - 1) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected id=token, got '" + line + "'");
            }
            String id = line.substring(0, eq).strip();
            if (tokens.put(id, line.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": device " + id + " appears twice");
            }
        }
        return tokens;
    }
}

package dev.vigil.sim.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code id=token} lines (as written by {@code vigil device add-fleet} and {@code demo-setup}). */
final class TokenFile {
    private TokenFile() {}

    /** One device's credentials. */
    record Credential(String id, String token) {}

    /** The first {@code limit} credentials of the file; fails with file:line on a malformed line. */
    static List<Credential> read(Path file, int limit) throws IOException {
        List<Credential> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int eq = t.indexOf('=');
            if (eq <= 0 || eq == t.length() - 1) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected id=token, got '" + t + "'");
            }
            out.add(new Credential(t.substring(0, eq), t.substring(eq + 1)));
            if (out.size() == limit) break;
        }
        if (out.size() < limit) {
            throw new IllegalArgumentException(file + ": holds " + out.size() + " devices, " + limit + " asked for");
        }
        return out;
    }
}

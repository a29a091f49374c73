package dev.vigil.sim.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code id=token} lines (as written by {@code vigil device add-fleet} and {@code demo-setup}). */
final class TokenFile {
    private TokenFile() {}

    /** One device's credentials. */
    record Credential(String id, String token) {}

    /** The first {@code limit} credentials of the file (read by {@link dev.vigil.sim.TokenFile}); errors name file:line. */
    static List<Credential> read(Path file, int limit) {
        List<Credential> out = new ArrayList<>();
        for (Map.Entry<String, String> e : dev.vigil.sim.TokenFile.read(file).entrySet()) {
            if (out.size() == limit) break;
            out.add(new Credential(e.getKey(), e.getValue()));
        }
        if (out.size() < limit) {
            throw new IllegalArgumentException(file + ": holds " + out.size() + " devices, " + limit + " asked for");
        }
        return out;
    }
}

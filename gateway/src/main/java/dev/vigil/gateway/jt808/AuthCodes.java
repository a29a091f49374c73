package dev.vigil.gateway.jt808;

import dev.vigil.profile.Credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The auth codes issued to registered terminals (0x8100), kept only as salted hashes like device
 * tokens ({@link Credentials}), one per device, in a small file ({@code device-id=sha256:...}
 * lines) so that terminals authenticate again after a gateway restart without re-registering.
 * File access is blocking: call {@link #load} and {@link #save} off the event loop.
 */
public final class AuthCodes {
    private final Path file;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    public AuthCodes(Path file) {
        this.file = file;
    }

    /** Reads the file if it exists (blocking); lines without "=" are skipped. */
    public void load() {
        if (file == null || !Files.exists(file)) return;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (line.isBlank() || line.startsWith("#") || eq < 1) continue;
                hashes.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A new random code for a device, replacing its previous one (call {@link #save} before handing it out). */
    public String issue(String deviceId, String salt) {
        String code = Credentials.newToken();
        hashes.put(deviceId, Credentials.hash(salt, code));
        return code;
    }

    /** True when the code is the one last issued to the device. */
    public boolean matches(String deviceId, String salt, String code) {
        return Credentials.matches(salt, code, hashes.get(deviceId));
    }

    /** Writes every hash to the file, atomically (blocking). */
    public synchronized void save() {
        if (file == null) return;
        StringBuilder sb = new StringBuilder("# JT/T 808 auth codes issued by the gateway: device id = salted hash (never the code)\n");
        new TreeMap<>(hashes).forEach((id, h) -> sb.append(id).append('=').append(h).append('\n'));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

package dev.vigil.gateway.coap;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs libcoap's {@code coap-client} (Debian package libcoap3-bin) as an independent CoAP client.
 * Debian ships it as coap-client-openssl / -gnutls / -notls; the first one found on the PATH
 * with DTLS support is used.
 */
final class LibcoapClient {
    /** Candidate binary names, DTLS-capable first. */
    static final List<String> NAMES = List.of("coap-client-openssl", "coap-client-gnutls", "coap-client");

    /** Output of one run. */
    record Result(int exitCode, String stdout, String stderr) {}

    private LibcoapClient() {}

    /** The coap-client binary, or an exception saying which package provides it. */
    static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin");
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        throw new IllegalStateException("libcoap's coap-client not found on PATH (tried " + NAMES + "): install the Debian package libcoap3-bin");
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("coap-client did not finish: " + cmd);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

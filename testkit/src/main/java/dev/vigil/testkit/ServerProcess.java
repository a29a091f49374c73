package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A server binary started as a child process with its output going to a log file (shared by the test servers). */
final class ServerProcess {
    private static final String[] EXTRA_DIRS = {"/usr/sbin", "/usr/local/sbin", "/sbin"};

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final Path workDir;
    private volatile Process process;
    private Thread shutdownHook;

    /**
     * @param workDir the server's temporary directory, deleted if the JVM exits while the server
     *                still runs (unless {@code vigil.testkit.keep} is true)
     */
    ServerProcess(String name, List<String> command, Path logFile, Path workDir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.workDir = workDir;
    }

    /**
     * Locates an executable on PATH (and the usual sbin directories, which are not on every
     * user's PATH); fails with the install hint when it is missing.
     */
    static Path locate(String executable, String installHint) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        dirs.addAll(List.of(EXTRA_DIRS));
        for (String dir : dirs) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, executable);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        throw new IllegalStateException("'" + executable + "' was not found on PATH (" + path + "); "
                + "the tests need a real server: " + installHint);
    }

    void start() {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        Process p = process;
        shutdownHook = new Thread(() -> {
            p.destroyForcibly();
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            if (!Boolean.getBoolean("vigil.testkit.keep")) deleteTree(workDir);
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The process id, or -1 when not running. */
    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Exit code of a process that ended, for error messages. */
    String exitDescription() {
        Process p = process;
        if (p == null) return "not started";
        return p.isAlive() ? "still running" : "exited with code " + p.exitValue();
    }

    /** Stops the process: SIGTERM, then SIGKILL after {@code graceMillis}. */
    void stop(long graceMillis) {
        Process p = process;
        if (p == null) return;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        removeShutdownHook();
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits until it has ended. */
    void kill() {
        Process p = process;
        if (p == null) return;
        process = null;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeShutdownHook();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // JVM already shutting down
        }
    }

    Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) return "(no log written at " + logFile + ")";
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return String.join(System.lineSeparator(), tail);
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Deletes a directory tree, ignoring what cannot be deleted. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}

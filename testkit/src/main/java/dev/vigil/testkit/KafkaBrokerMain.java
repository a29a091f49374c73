package dev.vigil.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one {@link KafkaBroker} outside a test, for the benchmark scripts ({@code bench/h-cluster.sh}):
 * starts it (arguments {@code key=value} are further {@code server.properties} settings), prints
 * {@code bootstrap=HOST:PORT} and {@code pid=N} on standard output, and runs until it is terminated
 * (SIGTERM or SIGINT), when it stops the broker and deletes its directory (kept with
 * {@code -Dvigil.testkit.keep=true}). The broker's directory is under {@code java.io.tmpdir}.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    /**
     * Starts the broker and waits until the process is terminated.
     *
     * @param args further broker settings as {@code key=value}
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> config = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("not key=value: " + a);
            config.put(a.substring(0, eq), a.substring(eq + 1));
        }
        KafkaBroker broker = KafkaBroker.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-broker-main-stop"));
        System.out.println("bootstrap=" + broker.bootstrapServers());
        System.out.println("pid=" + broker.pid());
        System.out.println("log=" + broker.logFile());
        System.out.flush();
        stopped.await();
    }
}

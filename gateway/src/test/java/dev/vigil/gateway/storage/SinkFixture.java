package dev.vigil.gateway.storage;

import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/** A Vert.x instance plus the sinks a test opened, closed together; and helpers to await futures. */
final class SinkFixture implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    private final List<InfluxTelemetrySink> sinks = new ArrayList<>();

    /** A started sink writing to {@code url}/{@code database}, with the given changes to the defaults. */
    InfluxTelemetrySink sink(String url, String database, UnaryOperator<InfluxConfig> tweak) {
        InfluxTelemetrySink sink = open(url, database, tweak);
        await(sink.start());
        return sink;
    }

    /** A sink that is not started (for servers that are not there). */
    InfluxTelemetrySink open(String url, String database, UnaryOperator<InfluxConfig> tweak) {
        InfluxConfig config = tweak.apply(InfluxConfig.defaults().withUrl(url).withDatabase(database));
        InfluxTelemetrySink sink = new InfluxTelemetrySink(vertx, config);
        sinks.add(sink);
        return sink;
    }

    /** Calls {@code write} on an event-loop context, as an adapter would, and returns the future. */
    Future<Void> writeOnEventLoop(InfluxTelemetrySink sink, List<Telemetry> readings) {
        Context ctx = vertx.getOrCreateContext();
        CompletableFuture<Future<Void>> f = new CompletableFuture<>();
        ctx.runOnContext(v -> f.complete(sink.write(readings)));
        return f.join();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** Waits for a future that must fail, and returns the cause. */
    static Throwable awaitFailure(Future<?> future) {
        try {
            Object v = future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            return fail("expected a failure, but the future succeeded with " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** Waits for a future that must fail with a {@link Rejection}, and returns it. */
    static Rejection awaitRejection(Future<?> future) {
        try {
            Object v = future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            return fail("expected a rejection, but the write succeeded with " + v);
        } catch (ExecutionException e) {
            return assertInstanceOf(Rejection.class, e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    @Override
    public void close() {
        for (InfluxTelemetrySink s : sinks) {
            try {
                await(s.close());
            } catch (AssertionError ignored) {
                // keep closing the others
            }
        }
        await(vertx.close());
    }
}

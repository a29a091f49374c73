package dev.vigil.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a real {@link MosquittoServer}: one broker per test JVM, shared
 * by all test classes and stopped when the run ends. Tests that stop or restart the broker should
 * start their own with {@link MosquittoServer#start()} instead. Fails, never skips, when
 * {@code mosquitto} is not installed.
 */
public final class MosquittoExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MosquittoExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == MosquittoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        try {
            return server(ec);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot provide MosquittoServer: " + e.getMessage(), e);
        }
    }

    /** The JVM-wide broker, started on first use. */
    public static MosquittoServer server(ExtensionContext ec) {
        return ec.getRoot().getStore(NS)
                .getOrComputeIfAbsent(SharedBroker.class, k -> new SharedBroker(MosquittoServer.start()), SharedBroker.class)
                .broker();
    }

    /** Holder that stops the broker when JUnit closes the root store at the end of the run. */
    @SuppressWarnings("deprecation")
    private record SharedBroker(MosquittoServer broker) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            broker.close();
        }
    }
}

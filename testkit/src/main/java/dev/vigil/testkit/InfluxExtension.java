package dev.vigil.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a real {@code influxd}: one process per test JVM, shared by
 * all test classes and stopped when the run ends, and a fresh database per test class.
 *
 * <p>Inject {@link InfluxServer} (the shared server) or {@link InfluxDatabase} (a database
 * created for the test class) into constructors, lifecycle methods or test methods. Fails, never
 * skips, when {@code influxd} is not installed.
 */
public final class InfluxExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(InfluxExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> type = pc.getParameter().getType();
        return type == InfluxServer.class || type == InfluxDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> type = pc.getParameter().getType();
        try {
            if (type == InfluxServer.class) return server(ec);
            return database(ec);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot provide " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The JVM-wide server, started on first use. */
    public static InfluxServer server(ExtensionContext ec) {
        return ec.getRoot().getStore(NS)
                .getOrComputeIfAbsent(SharedServer.class, k -> new SharedServer(InfluxServer.start()), SharedServer.class)
                .server();
    }

    /** The database of the current test class, created on first use. */
    public static InfluxDatabase database(ExtensionContext ec) {
        ExtensionContext classContext = ec;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        InfluxServer server = server(ec);
        return classContext.getStore(NS).getOrComputeIfAbsent(InfluxDatabase.class,
                k -> new InfluxDatabase(server, server.freshDatabase(testClass.getSimpleName())),
                InfluxDatabase.class);
    }

    /** Holder that stops the server when JUnit closes the root store at the end of the run. */
    @SuppressWarnings("deprecation")
    private record SharedServer(InfluxServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}

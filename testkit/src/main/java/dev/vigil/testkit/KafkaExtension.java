package dev.vigil.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a real {@link KafkaBroker}: one broker per test JVM, shared by
 * all test classes and closed when the run ends. Tests that stop, kill or restart the broker
 * should start their own with {@link KafkaBroker#start()} instead; tests sharing it should use
 * topic and group names of their own.
 */
public final class KafkaExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        try {
            return broker(ec);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot provide KafkaBroker: " + e.getMessage(), e);
        }
    }

    /** The JVM-wide broker, started on first use. */
    public static KafkaBroker broker(ExtensionContext ec) {
        return ec.getRoot().getStore(NS)
                .getOrComputeIfAbsent(SharedBroker.class, k -> new SharedBroker(KafkaBroker.start()), SharedBroker.class)
                .broker();
    }

    /** Holder that closes the broker when JUnit closes the root store at the end of the run. */
    @SuppressWarnings("deprecation")
    private record SharedBroker(KafkaBroker broker) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            broker.close();
        }
    }
}

package dev.vigil.testkit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that runs against a real {@code influxd}; parameters of type
 * {@link InfluxServer} and {@link InfluxDatabase} are injected (see {@link InfluxExtension}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(InfluxExtension.class)
public @interface InfluxTest {
}

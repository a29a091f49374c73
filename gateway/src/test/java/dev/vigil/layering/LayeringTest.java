package dev.vigil.layering;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.vigil.gateway.GatewayApp;
import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.AlertEvent;
import dev.vigil.sim.SimulatorCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering the README promises, checked with ArchUnit on the main classes of every module (the
 * gateway's test class path holds them all): plain-Java libraries import no Vert.x, protocol
 * adapters know nothing of storage or rules, simulators never use the gateway, dependencies point
 * one way.
 */
class LayeringTest {
    /** Packages of protocol adapters, including those still to come. */
    private static final String[] ADAPTERS = {
        "dev.vigil.gateway.mqtt..", "dev.vigil.gateway.coap..", "dev.vigil.gateway.modbus..",
        "dev.vigil.gateway.bridge..", "dev.vigil.gateway.hj212..", "dev.vigil.gateway.jt808.."};
    private static JavaClasses main;

    @BeforeAll
    static void importMainClassesOfEveryModule() {
        List<URL> roots = new ArrayList<>();
        for (Class<?> c : List.of(DeviceProfile.class, AlertEvent.class, LineProtocolWriter.class, GatewayApp.class,
                SimulatorCli.class)) {
            roots.add(c.getProtectionDomain().getCodeSource().getLocation());
        }
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importUrls(roots);
        assertTrue(main.containPackage("dev.vigil.gateway.mqtt") && main.containPackage("dev.vigil.sim"), "classes imported");
    }

    @Test
    void theseChecksSeeDependenciesAtAll() {
        assertThrows(AssertionError.class, () -> noClasses().that().resideInAPackage("dev.vigil.gateway.storage..")
                .should().dependOnClassesThat().resideInAPackage("io.vertx..").check(main));
        assertThrows(AssertionError.class, () -> noClasses().that().resideInAPackage("dev.vigil.gateway.modbus..")
                .should().dependOnClassesThat().resideInAPackage("dev.vigil.gateway.pipeline..").check(main));
    }

    @Test
    void librariesImportNoVertx() {
        noClasses().that().resideInAnyPackage("dev.vigil.profile..", "dev.vigil.rules..", "dev.vigil.lineprotocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..")
                .because("device-profiles, rules-engine and line-protocol are plain Java libraries usable without a server")
                .check(main);
    }

    @Test
    void adaptersKnowNothingOfStorageOrRules() {
        noClasses().that().resideInAnyPackage(ADAPTERS)
                .should().dependOnClassesThat().resideInAnyPackage("dev.vigil.gateway.storage..",
                        "dev.vigil.gateway.alerts..", "dev.vigil.gateway.rules..", "dev.vigil.rules..",
                        "dev.vigil.lineprotocol..", "org.influxdb..")
                .because("a protocol adapter hands raw messages to the pipeline and knows nothing of storage or rules")
                .check(main);
    }

    @Test
    void simulatorsNeverUseTheGateway() {
        noClasses().that().resideInAPackage("dev.vigil.sim..")
                .should().dependOnClassesThat().resideInAPackage("dev.vigil.gateway..")
                .because("simulators are independent clients of the gateway, as real devices are")
                .check(main);
    }

    @Test
    void dependenciesPointOneWay() {
        noClasses().that().resideInAPackage("dev.vigil.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vigil.rules..", "dev.vigil.gateway..", "dev.vigil.sim..")
                .because("device-profiles <- rules-engine <- gateway")
                .check(main);
        noClasses().that().resideInAPackage("dev.vigil.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vigil.gateway..", "dev.vigil.sim..")
                .because("device-profiles <- rules-engine <- gateway")
                .check(main);
    }

    @Test
    void lineProtocolStandsAlone() {
        classes().that().resideInAPackage("dev.vigil.lineprotocol..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.vigil.lineprotocol..", "java..")
                .because("the one line-protocol encoder is shared by the gateway and the simulators")
                .check(main);
    }
}

package dev.vigil.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code vigil device psk}: prints the derived PSK a device is provisioned with. */
class CoapDevicePskCommandTest {

    private static final String PROFILES = "../device-profiles/profiles";

    @TempDir
    Path dir;

    /** A registry holding veh-001 and veh-002, written with the real writer. */
    private String registry() {
        Path file = dir.resolve("devices.yaml");
        if (!Files.exists(file)) {
            var profiles = dev.vigil.profile.ProfileLoader.loadDirectory(Path.of(PROFILES));
            for (String id : new String[] {"veh-001", "veh-002"}) {
                dev.vigil.profile.RegistryWriter.add(file, new dev.vigil.profile.Device(id, "hazmat-vehicle", "危货运输公司",
                        "wuhai-haibowan", java.util.Map.of(), null, null), profiles);
            }
        }
        return file.toString();
    }

    @Test
    void printsTheDerivedKey() throws Exception {
        Path secret = dir.resolve("psk-secret");
        Files.writeString(secret, "test-master-secret-0123456789\n");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("device", "psk", "--id", "veh-001", "--secret-file", secret.toString(), "--registry", registry(), "--profiles", PROFILES);
        assertEquals(0, code);
        assertEquals("48ba2bacc8e6d49a59e0b89d60202c6b", out.toString().strip());
    }

    @Test
    void severalDevicesPrintIdPskPairs() throws Exception {
        Path secret = dir.resolve("psk-secret");
        Files.writeString(secret, "test-master-secret-0123456789\n");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("device", "psk", "--id", "veh-001,veh-002", "--secret-file", secret.toString(),
                "--registry", registry(), "--profiles", PROFILES));
        String[] lines = out.toString().strip().split("\n");
        assertEquals("veh-001=48ba2bacc8e6d49a59e0b89d60202c6b", lines[0]);
        assertEquals(2, lines.length);
        assertEquals("veh-002=" + dev.vigil.gateway.coap.DevicePsk.forDevice("test-master-secret-0123456789", "veh-002"), lines[1]);
    }

    @Test
    void secretFromTheGatewayConfigFile() throws Exception {
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, "profiles: " + PROFILES + "\nregistry: " + registry()
                + "\ncoap:\n  dtls_enabled: true\n  psk_secret: test-master-secret-0123456789\n");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("device", "psk", "--id", "veh-001", "--config", config.toString()));
        assertEquals("48ba2bacc8e6d49a59e0b89d60202c6b", out.toString().strip());
    }

    @Test
    void shortSecretIsRefusedWithTheSettingName() throws Exception {
        Path secret = dir.resolve("psk-secret");
        Files.writeString(secret, "short\n");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("device", "psk", "--id", "veh-001", "--secret-file", secret.toString(), "--registry", registry(), "--profiles", PROFILES));
        assertEquals("coap.psk_secret (or VIGIL_PSK_SECRET) must be set to at least 16 characters when DTLS is enabled; got 5",
                err.toString().strip());
    }

    @Test
    void unregisteredDeviceIsRefused() throws Exception {
        Path secret = dir.resolve("psk-secret");
        Files.writeString(secret, "test-master-secret-0123456789\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("device", "psk", "--id", "veh-001,veh-999", "--secret-file", secret.toString(),
                "--registry", registry(), "--profiles", PROFILES));
        assertEquals("", out.toString(), "no key is printed when one id is not registered");
        assertEquals("error: not registered: veh-999 (register with ./vigil device add; a key is printed only for a registered device)",
                err.toString().strip());
    }

    @Test
    void noSecretSaysHowToTurnDtlsOn() throws Exception {
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, "profiles: " + PROFILES + "\nregistry: " + registry() + "\n");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("device", "psk", "--id", "veh-001", "--config", config.toString()));
        org.junit.jupiter.api.Assertions.assertTrue(err.toString().startsWith("no master secret. DTLS is off by default; to turn it on,"
                + " set coap.dtls_enabled: true"), err.toString());
    }
}

package dev.vigil.testkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@InfluxTest
class InfluxServerTest {

    @Test
    void serverRunsOnPrivatePortsAndLogsToItsDirectory(InfluxServer server) {
        assertTrue(server.ping());
        assertNotEquals(8086, server.httpPort());
        assertNotEquals(8088, server.rpcPort());
        assertNotEquals(server.httpPort(), server.rpcPort());
        assertTrue(FreePorts.accepts(server.rpcPort()), "RPC service listens on its own port");
        assertTrue(server.logFile().startsWith(server.directory()));
        assertTrue(Files.exists(server.directory().resolve("data")));
    }

    @Test
    void databaseIsSharedWithinTheClassAndServerWithinTheJvm(InfluxDatabase a, InfluxDatabase b, InfluxServer server) {
        assertEquals(a.name(), b.name());
        assertSame(server, a.server());
        assertTrue(a.name().startsWith("influxservertest_"), a.name());
        List<Object> names = server.query(a.name(), "SHOW DATABASES").single().column("name");
        assertTrue(names.contains(a.name()), names.toString());
    }

    @Test
    void writtenPointsComeBackWithTypesTagsAndMillisecondTimes(InfluxDatabase db) {
        db.writeLines("""
                kit,device=d\\ 1,site=x f=21,i=7i,b=true,s="he said \\"hi\\"" 1700000000123
                kit,device=d2,site=x f=-0.5,i=-3i,b=false,s="" 1700000000456
                """);
        QueryResult.Series s = db.query("SELECT * FROM kit ORDER BY time").single();
        assertEquals("kit", s.name());
        assertEquals(List.of("time", "b", "device", "f", "i", "s", "site"), s.columns());
        assertEquals(2, s.size());
        assertEquals(Map.of("time", 1700000000123L, "b", true, "device", "d 1", "f", 21L, "i", 7L,
                "s", "he said \"hi\"", "site", "x"), s.row(0));
        assertEquals(-0.5, s.value(1, "f"));
        assertEquals(-3L, s.value(1, "i"));
        assertEquals(List.of(1700000000123L, 1700000000456L), s.column("time"));

        QueryResult.Series fields = db.query("SHOW FIELD KEYS FROM kit").single();
        assertEquals(List.of(List.of("b", "boolean"), List.of("f", "float"), List.of("i", "integer"),
                List.of("s", "string")), fields.values());
    }

    @Test
    void queryErrorsAreReportedWithTheServerMessage(InfluxDatabase db) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.query("SELEC nonsense"));
        assertTrue(e.getMessage().contains("error parsing query"), e.getMessage());
        IllegalStateException w = assertThrows(IllegalStateException.class, () -> db.writeLines("bad line without fields"));
        assertTrue(w.getMessage().contains("HTTP 400"), w.getMessage());
    }

    @Test
    void privateServerStopsRestartsWithItsDataAndCleansUp() {
        InfluxServer own = InfluxServer.start();
        try {
            own.createDatabase("keep");
            own.writeLines("keep", "m v=1i 1000\n");
            int port = own.httpPort();
            own.stop();
            assertFalse(own.running());
            assertFalse(own.ping());
            own.restart();
            assertEquals(port, own.httpPort());
            assertEquals(1L, own.query("keep", "SELECT v FROM m").single().value(0, "v"));
        } finally {
            own.close();
        }
        assertFalse(own.running());
        assertFalse(Files.exists(own.directory()));
    }

    @Test
    void serverWithAuthenticationUsesItsAdminUser() {
        try (InfluxServer secured = InfluxServer.startWithAuth("admin", "it's secret")) {
            secured.createDatabase("locked");
            secured.writeLines("locked", "m v=2i 1000\n");
            assertEquals(2L, secured.query("locked", "SELECT v FROM m").single().value(0, "v"));
            assertEquals(List.of(List.of("admin", true)), secured.query("locked", "SHOW USERS").single().values());
        }
    }

    @Test
    void missingBinaryFailsWithTheInstallHint() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerProcess.locate("influxd-that-does-not-exist", "sudo apt-get install influxdb"));
        assertTrue(e.getMessage().contains("'influxd-that-does-not-exist' was not found on PATH"), e.getMessage());
        assertTrue(e.getMessage().endsWith("sudo apt-get install influxdb"), e.getMessage());
    }
}

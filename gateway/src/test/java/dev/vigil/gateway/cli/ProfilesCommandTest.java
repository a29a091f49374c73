package dev.vigil.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfilesCommandTest {
    static final String PROFILES = Path.of("..", "device-profiles", "profiles").toString();

    @Test
    void checkShippedProfilesPasses() {
        CliRun r = CliRun.of("profiles", "check", PROFILES);
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                OK  elevator v1 (11 fields)
                OK  emission-cems v2 (22 fields)
                OK  hazmat-vehicle v1 (20 fields)
                OK  power-transformer v1 (9 fields)
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void checkReportsEveryProblemAndExitsOne(@TempDir Path tmp) throws Exception {
        Files.copy(Path.of(PROFILES, "elevator.yaml"), tmp.resolve("elevator.yaml"));
        Path bad = tmp.resolve("pump.yaml");
        Files.writeString(bad, """
                name: pump
                version: 1
                labels: {zh: 泵, en: Pump}
                fields:
                  pressure: {type: float, labels: {zh: 压力, en: Pressure}}
                  state: {type: enum, labels: {zh: 状态}}
                """);
        CliRun r = CliRun.of("profiles", "check", tmp.toString());
        assertEquals(1, r.code());
        assertEquals("OK  elevator v1 (11 fields)\n", r.out());
        assertEquals(bad + ":5: field 'pressure': unknown type 'float': expected one of number, integer, boolean, enum, string\n"
                + bad + ":6: field 'state': an enum needs 'values': the list of allowed values, e.g. values: [closed, open]\n"
                + bad + ":6: field 'state': labels lack 'en' (the English label)\n"
                + "3 problems in 1 file\n", r.err());
    }

    @Test
    void checkOfAMissingDirectoryFails(@TempDir Path tmp) {
        CliRun r = CliRun.of("profiles", "check", tmp.resolve("nope").toString());
        assertEquals(1, r.code());
        assertEquals(tmp.resolve("nope") + ": no such file or directory\n1 problem in 1 file\n", r.err());
    }

    @Test
    void showPrintsFieldsWithLabelsUnitsAndRanges() {
        CliRun r = CliRun.of("profiles", "show", "elevator", "--profiles", PROFILES);
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("elevator v1 — 电梯 / Elevator  (" + Path.of(PROFILES, "elevator.yaml") + ")", lines[0]);
        assertEquals("FIELD           TYPE     UNIT  RANGE / VALUES                                              中文      ENGLISH", lines[2]);
        assertEquals("floor           integer        [-5, 100]                                                   楼层      Floor", lines[3]);
        assertEquals("speed           number   m/s   [0, 20]                                                     运行速度  Speed", lines[8]);
        assertEquals("door            enum           closed | open | closing | opening                           门状态    Door", lines[6]);
        assertTrue(r.out().contains("rated_speed        number   m/s   1.75     [0.1, 20]       额定速度  Rated speed\n"), r.out());
        assertTrue(r.out().contains("heartbeat_seconds  integer  s     60       [1, 3600]       心跳周期  Heartbeat interval\n"), r.out());
    }

    @Test
    void showCemsIncludesHj212Codes() {
        CliRun r = CliRun.of("profiles", "show", "emission-cems", "--profiles", PROFILES);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("so2                    number  mg/m³  [-10, 10000]                   a21026  二氧化硫          SO2\n"), r.out());
        assertTrue(r.out().contains("so2_limit          number   mg/m³  35       [0, 10000]"), r.out());
    }

    @Test
    void showUnknownProfileListsTheKnownOnes() {
        CliRun r = CliRun.of("profiles", "show", "lift", "--profiles", PROFILES);
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals("unknown profile 'lift': known profiles are elevator, emission-cems, hazmat-vehicle, power-transformer\n", r.err());
    }

    @Test
    void helpIsBilingual() {
        CliRun r = CliRun.of("profiles", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("检查并查看设备模型"), r.out());
        assertTrue(r.out().contains("check"), r.out());
        assertTrue(r.out().contains("show"), r.out());
    }
}

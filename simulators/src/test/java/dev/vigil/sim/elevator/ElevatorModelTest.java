package dev.vigil.sim.elevator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Motion, door cycle and injected faults of one simulated car, in simulated time. */
class ElevatorModelTest {
    private static final double DT = 0.05;
    private static final ElevatorParams QUIET = ElevatorParams.defaults().withMeanSecondsBetweenCalls(0);

    private final List<ElevatorReading> trace = new ArrayList<>();

    @Test
    void tripFromFloor1To8TakesWhatRatedSpeedAndAccelerationImply() {
        ElevatorModel car = new ElevatorModel(QUIET, 1, new Random(1));
        assertTrue(car.call(1, 8));
        double start = runUntil(car, ElevatorReading::running, 30);
        List<Integer> floors = new ArrayList<>();
        double maxSpeed = 0;
        while (car.reading().running()) {
            ElevatorReading r = car.reading();
            if (floors.isEmpty() || floors.get(floors.size() - 1) != r.floor()) floors.add(r.floor());
            maxSpeed = Math.max(maxSpeed, r.speed());
            assertEquals("up", r.direction());
            assertTrue(r.occupied(), "the passenger rides");
            car.advance(DT);
        }
        double trip = car.time() - start;
        // 21 m at 1.75 m/s is 12 s; accelerating and braking at 0.9 m/s² add 1.75 / 0.9 = 1.94 s.
        assertEquals(12 + 1.75 / 0.9, trip, 0.2, "trip time");
        assertEquals(1.75, maxSpeed, 1e-9);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), floors, "floors passed");
        assertEquals(21.0, car.position(), 1e-9);
        ElevatorReading stop = car.reading();
        assertEquals(8, stop.floor());
        assertTrue(stop.inDoorZone());
        assertEquals("stop", stop.direction());
        assertEquals(0.0, stop.speed());
    }

    @Test
    void doorCyclesAtPickupAndDestinationWhileTheCarStandsLevel() {
        ElevatorModel car = new ElevatorModel(QUIET, 3, new Random(1));
        assertTrue(car.call(5, 2));
        record(car, 60);
        List<String> doors = collapse(trace.stream().map(ElevatorReading::door).toList());
        assertEquals(List.of("closed", "opening", "open", "closing", "closed", "opening", "open", "closing", "closed"), doors);
        for (ElevatorReading r : trace) {
            if (!r.door().equals("closed")) {
                assertFalse(r.running(), "door moves only while stopped: " + r);
                assertTrue(r.inDoorZone(), "door moves only in the door zone: " + r);
            }
        }
        List<Boolean> occupied = collapse(trace.stream().map(ElevatorReading::occupied).toList());
        assertEquals(List.of(false, true, false), occupied);
        ElevatorReading last = trace.get(trace.size() - 1);
        assertEquals(2, last.floor());
        assertFalse(last.occupied());
        assertEquals(List.of(3, 4, 5, 4, 3, 2), collapse(trace.stream().map(ElevatorReading::floor).toList()));
    }

    @Test
    void trappedStopsLevelWithPassengerAndDoorClosedUntilCleared() {
        ElevatorModel car = new ElevatorModel(QUIET, 1, new Random(1));
        car.call(1, 8);
        runUntil(car, ElevatorReading::running, 30);
        car.advance(3);
        car.injectFault(ElevatorScenario.TRAPPED);
        record(car, 40);
        ElevatorReading r = car.reading();
        assertTrue(r.occupied() && r.door().equals("closed") && r.inDoorZone() && !r.running(), r.toString());
        assertEquals(8, r.floor());
        assertEquals(3, r.faultCode());
        assertTrue(trace.stream().noneMatch(x -> !x.door().equals("closed")), "the door never opened");

        car.clearFault();
        trace.clear();
        record(car, 20);
        assertEquals(List.of("opening", "open", "closing", "closed"), collapse(trace.stream().map(ElevatorReading::door).toList()));
        assertFalse(car.reading().occupied(), "the passenger left");
        assertEquals(0, car.reading().faultCode());
        assertNull(car.fault());
    }

    @Test
    void trappedBetweenFloorsStopsOutsideTheDoorZoneThenLevelsOnRescue() {
        ElevatorModel car = new ElevatorModel(QUIET, 4, new Random(1));
        car.injectFault(ElevatorScenario.TRAPPED_BETWEEN);
        record(car, 20);
        ElevatorReading r = car.reading();
        assertTrue(r.occupied() && !r.inDoorZone() && !r.running(), r.toString());
        assertEquals("open", r.safetyCircuit());
        assertEquals(1, r.faultCode());

        car.clearFault();
        trace.clear();
        record(car, 30);
        ElevatorReading end = car.reading();
        assertTrue(end.inDoorZone() && !end.occupied() && end.door().equals("closed") && !end.running(), end.toString());
        assertEquals("closed", end.safetyCircuit());
        assertTrue(trace.stream().filter(ElevatorReading::running).allMatch(x -> x.speed() <= 0.3), "levelled at rescue speed");
    }

    @Test
    void stopOutsideZoneStopsAnEmptyCarBetweenLandings() {
        ElevatorModel car = new ElevatorModel(QUIET, 6, new Random(1));
        car.injectFault(ElevatorScenario.STOP_OUTSIDE_ZONE);
        record(car, 20);
        ElevatorReading r = car.reading();
        assertTrue(!r.running() && !r.inDoorZone() && !r.occupied(), r.toString());
        assertEquals(4, r.faultCode());
        assertEquals("closed", r.safetyCircuit());
    }

    @Test
    void overspeedRunsAt1Point3ThenAt1Point5TimesRated() {
        ElevatorModel car = new ElevatorModel(QUIET, 1, new Random(1));
        car.injectFault(ElevatorScenario.OVERSPEED);
        record(car, 14.9);
        double early = trace.stream().mapToDouble(ElevatorReading::speed).max().orElse(0);
        trace.clear();
        record(car, 40);
        double late = trace.stream().mapToDouble(ElevatorReading::speed).max().orElse(0);
        assertEquals(1.3 * 1.75, early, 0.006);
        assertEquals(1.5 * 1.75, late, 0.006);
        car.clearFault();
        trace.clear();
        record(car, 60);
        assertEquals(1.75, trace.stream().mapToDouble(ElevatorReading::speed).max().orElse(0), 0.006);
    }

    @Test
    void doorOpenRunningKeepsRunningWithTheDoorOpenUntilCleared() {
        ElevatorModel car = new ElevatorModel(QUIET, 2, new Random(1));
        car.injectFault(ElevatorScenario.DOOR_OPEN_RUNNING);
        runUntil(car, ElevatorReading::running, 20);
        assertEquals("open", car.reading().door(), "it leaves the landing with the door open");
        record(car, 60);
        assertTrue(trace.stream().allMatch(x -> x.running() && x.door().equals("open") && x.faultCode() == 5),
                "a minute running with the door open, without a stop");
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), trace.stream().map(ElevatorReading::floor).collect(Collectors.toSet()));

        car.clearFault();
        trace.clear();
        record(car, 60);
        ElevatorReading end = car.reading();
        assertTrue(!end.running() && end.door().equals("closed") && !end.occupied(), end.toString());
        assertEquals(0, end.faultCode());
    }

    @Test
    void randomCallsKeepTheCarBusyWithinTheBuilding() {
        ElevatorModel car = new ElevatorModel(ElevatorParams.defaults(), 1, new Random(42));
        record(car, 600);
        assertTrue(trace.stream().filter(ElevatorReading::running).count() > 100, "the car travels");
        assertTrue(trace.stream().allMatch(x -> x.floor() >= 1 && x.floor() <= 12));
        assertTrue(trace.stream().allMatch(x -> x.speed() <= 1.75));
        assertTrue(trace.stream().allMatch(x -> x.faultCode() == 0 && x.safetyCircuit().equals("closed")));
        assertTrue(trace.stream().noneMatch(x -> x.running() && !x.door().equals("closed")));
    }

    private void record(ElevatorModel car, double seconds) {
        for (double t = 0; t < seconds; t += DT) {
            car.advance(DT);
            trace.add(car.reading());
        }
    }

    private static double runUntil(ElevatorModel car, Predicate<ElevatorReading> condition, double limit) {
        double end = car.time() + limit;
        while (!condition.test(car.reading())) {
            if (car.time() > end) throw new AssertionError("condition not reached within " + limit + " s: " + car.reading());
            car.advance(DT);
        }
        return car.time();
    }

    private static <T> List<T> collapse(List<T> values) {
        List<T> out = new ArrayList<>();
        for (T v : values) if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) out.add(v);
        return out;
    }
}

package dev.vigil.sim.vehicle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One simulated hazmat tanker: drives depot → customer → depot along {@link Route}s with
 * plausible acceleration and cruise speeds, stops at the sites and opens its e-lock only there
 * (unless its {@link Scenario} says otherwise), and produces hazmat-vehicle readings.
 */
final class VehicleModel {
    private static final double ACCEL = 0.6;   // m/s², a loaded tanker
    private static final double BRAKE = 1.0;   // m/s², comfortable braking
    private static final double CRAWL = 1.0;   // m/s, last metres to the stop line

    private enum Phase { AT_SITE, DRIVING, ROADSIDE }

    final String id;
    private final Scenario scenario;
    private final double scenarioAfter;
    private final Random rnd;
    private final List<Route> outbound;
    private final double cruiseFactor;
    private int nextCustomer;
    private Route route;
    private Phase phase = Phase.AT_SITE;
    private double s;
    private double v;
    private double phaseElapsed;
    private double phaseDuration;
    private double time;
    private double noiseKmh;
    private String lock = "locked";
    private boolean acc = true;
    private boolean scenarioDone;
    private double gnssLostUntil = -1;
    private double offlineUntil = -1;
    private double gapUntil = -1;
    private double mileageKm;
    private double tankTemperature;
    private double heading;

    /**
     * @param id            device id
     * @param scenario      what this vehicle does (NORMAL for all but the designated vehicle)
     * @param scenarioAfter simulated seconds before a triggered scenario may start
     * @param index         position in the fleet: chooses the first customer and staggers start
     * @param seed          random seed (runs are repeatable)
     */
    VehicleModel(String id, Scenario scenario, double scenarioAfter, int index, long seed) {
        this.id = id;
        this.scenario = scenario;
        this.scenarioAfter = scenarioAfter;
        this.rnd = new Random(seed * 31 + index);
        this.outbound = WuhaiRoutes.approved();
        this.nextCustomer = index % outbound.size();
        this.cruiseFactor = rnd.nextDouble();
        this.mileageKm = 20_000 + rnd.nextInt(70_000) + rnd.nextInt(10) / 10.0;
        this.tankTemperature = 17 + rnd.nextDouble() * 3;
        this.route = outbound.get(nextCustomer);
        this.phaseDuration = stopSeconds(true);
        // the designated vehicle leaves at once; the others are spread over their loading time
        this.phaseElapsed = scenario == Scenario.NORMAL ? rnd.nextDouble() * phaseDuration : phaseDuration - 20;
        this.heading = route.at(0).heading();
    }

    /** Advances the simulation by {@code seconds}, in steps of at most one second. */
    void advance(double seconds) {
        while (seconds > 1e-9) {
            double dt = Math.min(1.0, seconds);
            step(dt);
            seconds -= dt;
        }
    }

    private void step(double dt) {
        time += dt;
        phaseElapsed += dt;
        noiseKmh = Math.max(-2, Math.min(2, noiseKmh + (rnd.nextDouble() - 0.5) * 0.4 * dt));
        double warmTarget = 18 + (phase == Phase.DRIVING ? 6 : 2);
        tankTemperature += (warmTarget - tankTemperature) * dt / 1800;
        switch (phase) {
            case AT_SITE -> atSite();
            case DRIVING -> drive(dt);
            case ROADSIDE -> roadside(dt);
        }
    }

    private void atSite() {
        v = 0;
        boolean working = phaseElapsed >= 60 && phaseElapsed < phaseDuration - 60;
        lock = working ? "unlocked" : "locked"; // at a site, inside an authorised zone
        acc = phaseElapsed < 30 || phaseElapsed >= phaseDuration - 30;
        if (phaseElapsed >= phaseDuration) depart();
    }

    private void depart() {
        boolean atDepot = route.fromSite().equals(WuhaiRoutes.DEPOT) && s == 0;
        if (!atDepot) {
            route = route.toSite().equals(WuhaiRoutes.DEPOT) ? nextOutbound() : route.reversed();
        }
        s = 0;
        phase = Phase.DRIVING;
        phaseElapsed = 0;
        lock = "locked";
        acc = true;
    }

    private Route nextOutbound() {
        nextCustomer = (nextCustomer + 1) % outbound.size();
        return outbound.get(nextCustomer);
    }

    private void drive(double dt) {
        if (scenario == Scenario.RESTRICTED_ZONE && !scenarioDone && route.fromSite().equals(WuhaiRoutes.DEPOT) && s == 0) {
            route = WuhaiRoutes.toQianlishanThroughCity();
            scenarioDone = true;
        }
        maybeTrigger();
        Route.Position p = route.at(s);
        double target = cruiseKmh(p.road()) / 3.6;
        double remaining = route.length() - s;
        target = Math.min(target, Math.max(Math.sqrt(2 * BRAKE * remaining), remaining > 0.5 ? CRAWL : 0));
        Route.RoadChange change = route.nextRoadChange(s);
        if (change != null) {
            double next = cruiseKmh(change.road()) / 3.6;
            if (next < target) target = Math.min(target, Math.sqrt(next * next + 2 * BRAKE * change.distance()));
        }
        move(target, dt);
        if (route.length() - s <= 0.5) arrive();
    }

    private void move(double target, double dt) {
        v = v < target ? Math.min(target, v + ACCEL * dt) : Math.max(target, v - BRAKE * dt);
        s = Math.min(route.length(), s + v * dt);
        mileageKm += v * dt / 1000;
        if (v > 0.3) heading = route.at(s).heading();
    }

    private void arrive() {
        s = route.length();
        v = 0;
        phase = Phase.AT_SITE;
        phaseElapsed = 0;
        phaseDuration = stopSeconds(route.toSite().equals(WuhaiRoutes.DEPOT));
    }

    private void maybeTrigger() {
        if (scenarioDone || time < scenarioAfter) return;
        boolean enRoute = s > 1000 && route.length() - s > 1000; // clear of the depot and site zones
        if (!enRoute) return;
        switch (scenario) {
            case LOCK_EN_ROUTE -> { phase = Phase.ROADSIDE; phaseElapsed = 0; scenarioDone = true; }
            case GNSS_LOSS -> { gnssLostUntil = time + 360; scenarioDone = true; }
            case OFFLINE -> { offlineUntil = time + 35 * 60; scenarioDone = true; }
            case COVERAGE_GAP -> { gapUntil = time + 180; scenarioDone = true; }
            default -> { }
        }
    }

    /** The lock-en-route scenario: pull over, open the lock for 90 s, close it, drive on. */
    private void roadside(double dt) {
        if (v > 0) {
            move(0, dt);
            phaseElapsed = 0;
            return;
        }
        lock = phaseElapsed >= 20 && phaseElapsed < 110 ? "unlocked" : "locked";
        if (phaseElapsed >= 130) {
            phase = Phase.DRIVING;
            phaseElapsed = 0;
        }
    }

    private double cruiseKmh(RoadClass road) {
        if (scenario == Scenario.SPEEDING && road == RoadClass.EXPRESSWAY) return 92 + cruiseFactor * 6 + noiseKmh;
        return road.cruiseMinKmh + cruiseFactor * (road.cruiseMaxKmh - road.cruiseMinKmh) + noiseKmh;
    }

    private double stopSeconds(boolean depot) {
        if (scenario == Scenario.FATIGUE) return 8 * 60; // too short to count as a rest
        return (depot ? 15 : 25) * 60 + rnd.nextInt(300);
    }

    /** False while the terminal is switched off (offline scenario): it neither sends nor buffers. */
    boolean terminalOn() {
        return !(time < offlineUntil);
    }

    /** False during a coverage gap: the terminal buffers its readings. */
    boolean networkUp() {
        return !(time < gapUntil);
    }

    /** True while the lock is open outside a site (for the simulator's log). */
    boolean atRoadside() {
        return phase == Phase.ROADSIDE;
    }

    /** The e-lock state now. */
    String lock() {
        return lock;
    }

    /** The current reading, in the hazmat-vehicle profile's fields, stamped with {@code ts}. */
    Map<String, Object> reading(long ts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", ts);
        boolean fix = !(time < gnssLostUntil);
        if (fix) {
            Route.Position p = route.at(s);
            m.put("lat", round(p.lat(), 6));
            m.put("lon", round(p.lon(), 6));
            m.put("heading", (int) Math.round(heading) % 360);
            m.put("altitude", round(1090 + 25 * Math.sin(p.lat() * 200) + 15 * Math.cos(p.lon() * 150), 1));
        }
        m.put("speed", round(v * 3.6, 1));
        m.put("gnss_fix", fix);
        m.put("acc", acc);
        m.put("lock", lock);
        m.put("tank_pressure", round(160 + 1.1 * (tankTemperature - 18) + (rnd.nextDouble() - 0.5), 1));
        m.put("tank_temperature", round(tankTemperature, 1));
        m.put("mileage", round(mileageKm, 1));
        return m;
    }

    private static double round(double d, int places) {
        double f = Math.pow(10, places);
        return Math.round(d * f) / f;
    }
}

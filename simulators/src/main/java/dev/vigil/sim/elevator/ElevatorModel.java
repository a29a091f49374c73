package dev.vigil.sim.elevator;

import java.util.Random;

/**
 * The motion of one elevator car, stepped in simulated time: a passenger call brings the car to
 * the pickup floor, the door cycles (opening, open, closing), the car accelerates to rated speed,
 * passes floors, decelerates and levels at the destination. Faults from {@link ElevatorScenario}
 * can be injected and cleared. Plain Java, deterministic for a given {@link Random}.
 */
public final class ElevatorModel {
    /** Half-height of the door zone around a landing, metres. */
    public static final double DOOR_ZONE = 0.1;
    private static final double STEP = 0.05;
    private static final double BOARDING_TIME = 1.5;
    private static final double RESCUE_SPEED = 0.3;
    private static final double OVERSPEED_ESCALATION = 15;

    private enum Phase { IDLE, OPENING, OPEN, CLOSING, MOVING, HALTED }

    private final ElevatorParams p;
    private final Random random;
    private double time;
    private double pos;
    private double speed;
    private int target;
    private Phase phase = Phase.IDLE;
    private double phaseTime;
    private boolean doorOpenWhileMoving;
    private Integer pickup;
    private Integer dest;
    private boolean aboard;
    private ElevatorScenario fault;
    private double faultTime;
    private boolean rescue;
    private int faultCode;
    private boolean safetyOpen;

    public ElevatorModel(ElevatorParams params, int startFloor, Random random) {
        this.p = params;
        this.random = random;
        this.pos = p.heightOf(params.clamp(startFloor));
        this.target = floorAtRest();
    }

    /** Advances simulated time by {@code seconds}, in small fixed steps. */
    public void advance(double seconds) {
        double left = seconds;
        while (left > 1e-9) {
            double dt = Math.min(STEP, left);
            step(dt);
            left -= dt;
        }
    }

    /** A passenger waiting at {@code from} who wants to go to {@code to}; ignored while the car is busy. */
    public boolean call(int from, int to) {
        if (pickup != null || dest != null || aboard || phase == Phase.HALTED) return false;
        pickup = p.clamp(from);
        dest = p.clamp(to);
        return true;
    }

    /** Injects a fault now (replacing any active one). */
    public void injectFault(ElevatorScenario scenario) {
        if (fault != null) clearFault();
        fault = scenario;
        faultTime = 0;
        switch (scenario) {
            case TRAPPED -> {
                board();
                if (phase == Phase.OPEN || phase == Phase.OPENING) enter(Phase.CLOSING);
                else if (phase == Phase.IDLE) halt();
            }
            case TRAPPED_BETWEEN -> {
                board();
                if (phase != Phase.MOVING) dest = p.neighbour(floorAtRest());
                if (phase == Phase.OPEN || phase == Phase.OPENING) enter(Phase.CLOSING);
            }
            default -> { }
        }
    }

    /** Ends the active fault: a stuck car is levelled to the nearest landing and opens its door. */
    public void clearFault() {
        ElevatorScenario ended = fault;
        fault = null;
        faultCode = 0;
        safetyOpen = false;
        if (phase != Phase.HALTED || ended == null) return;
        if (ended == ElevatorScenario.TRAPPED) {
            dest = floorAtRest();
            enter(Phase.OPENING);
        } else {
            target = nearestFloor();
            dest = aboard ? target : null;
            pickup = null;
            rescue = true;
            enter(Phase.MOVING);
        }
    }

    /** The terminal's view of the car now. */
    public ElevatorReading reading() {
        boolean moving = phase == Phase.MOVING;
        String direction = !moving ? "stop" : p.heightOf(target) > pos ? "up" : "down";
        return new ElevatorReading(nearestFloor(), direction, distanceToLanding() <= DOOR_ZONE, door(), aboard,
                moving ? Math.round(speed * 100) / 100.0 : 0.0, moving, "normal", "mains",
                safetyOpen ? "open" : "closed", faultCode);
    }

    /** Simulated seconds since the model started. */
    public double time() { return time; }

    /** Height of the car above the lowest landing, metres. */
    public double position() { return pos; }

    /** The active fault, or null. */
    public ElevatorScenario fault() { return fault; }

    private void step(double dt) {
        time += dt;
        phaseTime += dt;
        if (fault != null) faultTime += dt;
        switch (phase) {
            case IDLE -> idle(dt);
            case OPENING -> { if (phaseTime >= p.doorOpenSeconds()) enter(Phase.OPEN); }
            case OPEN -> open();
            case CLOSING -> {
                if (phaseTime >= p.doorCloseSeconds()) {
                    if (fault == ElevatorScenario.TRAPPED) halt();
                    else enter(Phase.IDLE);
                }
            }
            case MOVING -> move(dt);
            case HALTED -> { }
        }
    }

    private void idle(double dt) {
        if (pickup == null && dest == null && !aboard) {
            int here = floorAtRest();
            if (fault == ElevatorScenario.STOP_OUTSIDE_ZONE || fault == ElevatorScenario.OVERSPEED) {
                pickup = p.farthestFrom(here);   // an empty run to the far end
                dest = p.farthestFrom(pickup);
            } else if (fault == ElevatorScenario.DOOR_OPEN_RUNNING) {
                pickup = here;                 // board here, then leave with the door open
                dest = p.farthestFrom(here);
            } else if (p.meanSecondsBetweenCalls() > 0 && random.nextDouble() < dt / p.meanSecondsBetweenCalls()) {
                int from = randomFloor(-1);
                call(from, randomFloor(from));
            }
        }
        Integer next = nextStop();
        if (next == null) return;
        if (next == floorAtRest()) enter(Phase.OPENING);
        else depart(next);
    }

    private void open() {
        int here = floorAtRest();
        if (phaseTime >= BOARDING_TIME) {
            if (aboard && dest != null && dest == here && fault != ElevatorScenario.TRAPPED_BETWEEN) {
                aboard = false;
                dest = null;
            } else if (!aboard && pickup != null && pickup == here && fault != ElevatorScenario.STOP_OUTSIDE_ZONE) {
                aboard = true;
                pickup = null;
            }
            if (fault == ElevatorScenario.TRAPPED_BETWEEN && aboard && (dest == null || dest == here)) {
                dest = p.neighbour(here);
            }
        }
        if (phaseTime < p.dwellSeconds()) return;
        Integer next = nextStop();
        if (fault == ElevatorScenario.DOOR_OPEN_RUNNING && next != null && next != here) {
            faultCode = fault.faultCode();
            doorOpenWhileMoving = true;
            depart(next);
        } else {
            enter(Phase.CLOSING);
        }
    }

    private void move(double dt) {
        double goal = p.heightOf(target);
        double remaining = Math.abs(goal - pos);
        double limit = rescue ? RESCUE_SPEED : p.ratedSpeed() * overspeedFactor();
        double braking = Math.sqrt(2 * p.acceleration() * remaining);
        speed = Math.min(Math.min(speed + p.acceleration() * dt, limit), Math.max(braking, 0.05));
        double travel = Math.min(speed * dt, remaining);
        pos += Math.signum(goal - pos) * travel;
        if (remaining - travel <= 1e-9) {
            arrive();
            return;
        }
        if (rescue || distanceToLanding() <= 0.5) return;
        if (fault == ElevatorScenario.TRAPPED_BETWEEN && aboard) {
            safetyOpen = true;
            halt();
        } else if (fault == ElevatorScenario.STOP_OUTSIDE_ZONE && !aboard) {
            halt();
        }
    }

    private void arrive() {
        pos = p.heightOf(target);
        speed = 0;
        rescue = false;
        if (fault == ElevatorScenario.TRAPPED && aboard) {
            halt();
        } else if (fault == ElevatorScenario.DOOR_OPEN_RUNNING && doorOpenWhileMoving) {
            // The door contacts are bypassed: the car turns round at once and keeps running, door open.
            int next = p.farthestFrom(floorAtRest());
            if (aboard) dest = next;
            depart(next);
        } else if (doorOpenWhileMoving) {
            doorOpenWhileMoving = false;
            enter(Phase.OPEN);
        } else {
            enter(Phase.OPENING);
        }
    }

    private void depart(int floor) {
        target = floor;
        enter(Phase.MOVING);
    }

    private void halt() {
        speed = 0;
        if (fault != null) faultCode = fault.faultCode();
        enter(Phase.HALTED);
    }

    private void enter(Phase next) {
        phase = next;
        phaseTime = 0;
    }

    private void board() {
        if (!aboard) {
            aboard = true;
            pickup = null;
            dest = p.neighbour(floorAtRest());
        }
    }

    private Integer nextStop() {
        return aboard ? dest : pickup;
    }

    private double overspeedFactor() {
        if (fault != ElevatorScenario.OVERSPEED) return 1;
        return faultTime < OVERSPEED_ESCALATION ? 1.3 : 1.5;
    }

    private String door() {
        return switch (phase) {
            case OPENING -> "opening";
            case OPEN -> "open";
            case CLOSING -> "closing";
            case MOVING -> doorOpenWhileMoving ? "open" : "closed";
            default -> "closed";
        };
    }

    private int nearestFloor() {
        return p.nearestFloor(pos);
    }

    /** The landing the car stands at (valid when not moving). */
    private int floorAtRest() {
        return nearestFloor();
    }

    private double distanceToLanding() {
        return Math.abs(pos - p.heightOf(nearestFloor()));
    }

    private int randomFloor(int except) {
        int n = p.highestFloor() - p.lowestFloor() + 1;
        int f;
        do {
            f = p.lowestFloor() + random.nextInt(n);
        } while (f == except && n > 1);
        return f;
    }
}

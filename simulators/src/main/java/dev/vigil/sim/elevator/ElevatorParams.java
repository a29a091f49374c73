package dev.vigil.sim.elevator;

/**
 * The physical and traffic parameters of one simulated elevator.
 *
 * @param lowestFloor             lowest landing
 * @param highestFloor            highest landing
 * @param floorHeight             metres between landings
 * @param ratedSpeed              rated speed, m/s (the device parameter rated_speed)
 * @param acceleration            acceleration and deceleration, m/s²
 * @param doorOpenSeconds         door opening time
 * @param dwellSeconds            time the door stays open
 * @param doorCloseSeconds        door closing time
 * @param meanSecondsBetweenCalls mean time between random passenger calls while idle; 0 for none
 */
public record ElevatorParams(int lowestFloor, int highestFloor, double floorHeight, double ratedSpeed,
                             double acceleration, double doorOpenSeconds, double dwellSeconds,
                             double doorCloseSeconds, double meanSecondsBetweenCalls) {

    public ElevatorParams {
        if (highestFloor <= lowestFloor) throw new IllegalArgumentException("highest floor " + highestFloor + " must be above lowest floor " + lowestFloor);
        if (floorHeight <= 0 || ratedSpeed <= 0 || acceleration <= 0) {
            throw new IllegalArgumentException("floor height, rated speed and acceleration must be positive");
        }
    }

    /** Floors 1–12, 3 m apart, rated 1.75 m/s, 0.9 m/s², door 2.5 s open / 4 s dwell / 3 s close, a call every 20 s on average. */
    public static ElevatorParams defaults() {
        return new ElevatorParams(1, 12, 3.0, 1.75, 0.9, 2.5, 4.0, 3.0, 20);
    }

    public ElevatorParams withRatedSpeed(double speed) {
        return new ElevatorParams(lowestFloor, highestFloor, floorHeight, speed, acceleration, doorOpenSeconds, dwellSeconds,
                doorCloseSeconds, meanSecondsBetweenCalls);
    }

    public ElevatorParams withFloors(int lowest, int highest) {
        return new ElevatorParams(lowest, highest, floorHeight, ratedSpeed, acceleration, doorOpenSeconds, dwellSeconds,
                doorCloseSeconds, meanSecondsBetweenCalls);
    }

    public ElevatorParams withMeanSecondsBetweenCalls(double seconds) {
        return new ElevatorParams(lowestFloor, highestFloor, floorHeight, ratedSpeed, acceleration, doorOpenSeconds, dwellSeconds, doorCloseSeconds, seconds);
    }

    /** The floor limited to the building. */
    public int clamp(int floor) {
        return Math.max(lowestFloor, Math.min(highestFloor, floor));
    }

    /** Height of a landing above the lowest one, metres. */
    public double heightOf(int floor) {
        return (floor - lowestFloor) * floorHeight;
    }

    /** The landing nearest to a car at this height. */
    public int nearestFloor(double height) {
        return clamp(lowestFloor + (int) Math.round(height / floorHeight));
    }

    /** The landing above, or below at the top. */
    public int neighbour(int floor) {
        return floor < highestFloor ? floor + 1 : floor - 1;
    }

    /** The terminal landing farther from this one. */
    public int farthestFrom(int floor) {
        return floor - lowestFloor > highestFloor - floor ? lowestFloor : highestFloor;
    }
}

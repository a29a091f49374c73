package dev.vigil.sim.vehicle;

/** The kind of road a route segment runs on, with the speeds a hazmat tanker keeps there. */
enum RoadClass {
    /** Town and industrial-park roads: limit 60 km/h for hazmat vehicles, cruising 40–50. */
    URBAN(60, 40, 50),
    /** Expressway (G6): limit 80 km/h for hazmat vehicles, cruising 68–78. */
    EXPRESSWAY(80, 68, 78);

    final int limitKmh;
    final int cruiseMinKmh;
    final int cruiseMaxKmh;

    RoadClass(int limitKmh, int cruiseMinKmh, int cruiseMaxKmh) {
        this.limitKmh = limitKmh;
        this.cruiseMinKmh = cruiseMinKmh;
        this.cruiseMaxKmh = cruiseMaxKmh;
    }
}

package dev.vigil.sim.vehicle;

import dev.vigil.sim.vehicle.Route.Leg;

import java.util.List;

/**
 * The sample road network around Wuhai, matching the corridors and sites in
 * {@code zones/wuhai/*.geojson}: the depot in the Wuda low-carbon park, the G6 expressway and the
 * spurs to three customer sites, plus a forbidden short cut through Haibowan's city centre.
 */
final class WuhaiRoutes {
    static final String DEPOT = "depot-wuda-lowcarbon";

    private static final double[][] WUDA_LINK = {
            {106.7000, 39.5300}, {106.7120, 39.5300}, {106.7400, 39.5450}, {106.7700, 39.5650},
            {106.8000, 39.5800}, {106.8400, 39.5900}, {106.8680, 39.5950}};
    /** G6 from the Wuda junction northwards. */
    private static final double[][] G6_NORTH = {
            {106.8680, 39.5950}, {106.8700, 39.6400}, {106.8750, 39.6800}, {106.8800, 39.7200}, {106.8780, 39.7600}};
    /** G6 from the Wuda junction southwards. */
    private static final double[][] G6_SOUTH = {
            {106.8680, 39.5950}, {106.8750, 39.5500}, {106.8850, 39.5000}, {106.8950, 39.4500}};
    private static final double[][] QIANLISHAN_SPUR = {{106.8780, 39.7600}, {106.8900, 39.7630}, {106.9050, 39.7650}};
    private static final double[][] HAINAN_SPUR = {{106.8950, 39.4500}, {106.9120, 39.4510}, {106.9310, 39.4520}};
    private static final double[][] HUANGBAICI_SPUR = {{106.8700, 39.6400}, {106.8600, 39.6300}, {106.8550, 39.6250}};
    /** Off the approved roads: from the Wuda link straight through Haibowan's centre to the G6. */
    private static final double[][] CITY_SHORTCUT = {
            {106.7000, 39.5300}, {106.7120, 39.5300}, {106.7400, 39.5450}, {106.7700, 39.5650}, {106.8000, 39.5800},
            {106.8050, 39.6100}, {106.8150, 39.6400}, {106.8200, 39.6800}, {106.8300, 39.7100},
            {106.8550, 39.7350}, {106.8790, 39.7400}};

    private WuhaiRoutes() {}

    static Route toQianlishan() {
        return new Route("depot-qianlishan", DEPOT, "customer-qianlishan", List.of(
                new Leg(RoadClass.URBAN, WUDA_LINK), new Leg(RoadClass.EXPRESSWAY, G6_NORTH), new Leg(RoadClass.URBAN, QIANLISHAN_SPUR)));
    }

    static Route toHainanPark() {
        return new Route("depot-hainan", DEPOT, "customer-hainan-park", List.of(
                new Leg(RoadClass.URBAN, WUDA_LINK), new Leg(RoadClass.EXPRESSWAY, G6_SOUTH), new Leg(RoadClass.URBAN, HAINAN_SPUR)));
    }

    static Route toHuangbaici() {
        return new Route("depot-huangbaici", DEPOT, "customer-huangbaici", List.of(
                new Leg(RoadClass.URBAN, WUDA_LINK), new Leg(RoadClass.EXPRESSWAY, G6_NORTH[0], G6_NORTH[1]),
                new Leg(RoadClass.URBAN, HUANGBAICI_SPUR)));
    }

    /** To Qianlishan through the restricted city centre (the restricted-zone scenario). */
    static Route toQianlishanThroughCity() {
        return new Route("depot-qianlishan-via-haibowan", DEPOT, "customer-qianlishan", List.of(
                new Leg(RoadClass.URBAN, CITY_SHORTCUT), new Leg(RoadClass.EXPRESSWAY, new double[]{106.8790, 39.7400}, G6_NORTH[4]),
                new Leg(RoadClass.URBAN, QIANLISHAN_SPUR)));
    }

    /** The approved outbound routes, one per customer. */
    static List<Route> approved() {
        return List.of(toQianlishan(), toHainanPark(), toHuangbaici());
    }
}

package dev.vigil.testkit;

/**
 * A database on a test {@link InfluxServer} that belongs to one test class.
 *
 * @param server the server holding it
 * @param name   the database name
 */
public record InfluxDatabase(InfluxServer server, String name) {

    /** Runs an InfluxQL query on this database (timestamps as epoch milliseconds). */
    public QueryResult query(String influxql) {
        return server.query(name, influxql);
    }

    /** Writes line protocol with millisecond timestamps to this database. */
    public int writeLines(String lines) {
        return server.writeLines(name, lines);
    }

    /** Base URL of the server. */
    public String url() {
        return server.url();
    }
}

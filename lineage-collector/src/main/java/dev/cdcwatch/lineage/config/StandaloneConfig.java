package dev.cdcwatch.lineage.config;

import java.util.OptionalInt;

/**
 * The standalone collector's file: the lineage settings plus where to write and what to expose.
 *
 * @param lineage     what to watch
 * @param database    the (engine's) database the graph is written to
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint, if any
 */
public record StandaloneConfig(LineageConfig lineage, Database database, OptionalInt metricsPort) {

    /** JDBC settings; only H2 URLs are supported by the standalone collector. */
    public record Database(String url, String username, String password) {
    }
}

package dev.cdcwatch.lineage.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The standalone collector's file: the lineage settings plus where to write and what to expose.
 *
 * @param lineage     what to watch
 * @param database    the (engine's) database the graph is written to
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint, if any
 * @param push        where the samples of every poll are pushed (the engine's ingest), if anywhere
 */
public record StandaloneConfig(LineageConfig lineage, Database database, OptionalInt metricsPort, Optional<Push> push) {

    /** JDBC settings; only H2 URLs are supported by the standalone collector. */
    public record Database(String url, String username, String password) {
    }

    /**
     * The engine's {@code /api/v1/push} and its ingest token; each request is bounded by {@code timeout}.
     *
     * @param token the bearer token; absent for an engine with {@code auth.enabled: false}
     */
    public record Push(URI url, Optional<String> token, Duration timeout) {
    }
}

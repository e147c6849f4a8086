package dev.cdcwatch.engine.config;

import dev.cdcwatch.engine.dispatch.config.DispatchConfig;
import dev.cdcwatch.lineage.config.LineageConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The engine's configuration, validated by {@link EngineConfigLoader}; defaults are listed there and in the README.
 * {@code dispatch} is present when the file has a {@code route} (Alertmanager-style sections), {@code lineage}
 * when it has a {@code lineage} section.
 */
public record EngineConfig(
        Server server,
        Path dataDir,
        Auth auth,
        Ingest ingest,
        Store store,
        Evaluation evaluation,
        Rules rules,
        Alerts alerts,
        Storage storage,
        Optional<DispatchConfig> dispatch,
        Optional<Lineage> lineage) {

    /** Rule files named {@code classpath:...} are read from the engine's classpath. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    public record Server(String host, int port, Duration shutdownTimeout) {
    }

    /**
     * Bearer tokens. With {@code enabled} and a token left unset, one is generated into
     * {@code <data-dir>/tokens/} with owner-only permissions and reused on the next start.
     */
    public record Auth(boolean enabled, String ingestToken, String adminToken) {
    }

    /** Push limits and staleness: a reporter silent for more than {@code staleAfterIntervals} push intervals goes stale. */
    public record Ingest(
            long maxBodyBytes,
            long maxInflatedBytes,
            int maxSamplesPerBatch,
            int maxLabelsPerSample,
            int maxLabelValueLength,
            int staleAfterIntervals,
            Duration minStaleAfter) {
    }

    /**
     * The in-memory series store: at most {@code maxSeries} series; each keeps what the rules read of its metric
     * (the range of range selectors, else the latest sample) plus {@code retentionMargin}, at most {@code maxSamplesPerSeries}.
     */
    public record Store(int maxSeries, Duration retentionMargin, int maxSamplesPerSeries) {
    }

    public record Evaluation(Duration interval, Duration lookbackDelta) {
    }

    public record Rules(List<String> files) {
        public Rules {
            files = List.copyOf(files);
        }
    }

    /**
     * {@code resolvedRetention}: how long resolved alerts stay visible in the API. {@code restoreGrace}: after a
     * start, alerts restored from the database are not resolved before this much time, so reporters can push again.
     * {@code historyRetention}: how long transitions stay in {@code engine_alert_history}.
     */
    public record Alerts(Duration resolvedRetention, Duration restoreGrace, Duration historyRetention) {
    }

    public record Storage(String jdbcUrl, String username, String password) {
    }

    /**
     * The {@code lineage} section. {@code EMBEDDED}: the engine polls Kafka itself. {@code EXTERNAL}: a standalone
     * collector polls and writes the graph to the engine's database and pushes its samples; the engine still learns
     * routes from ingested samples, serves the graph and annotates alerts from it.
     */
    public record Lineage(Mode mode, LineageConfig collector) {

        public enum Mode { EMBEDDED, EXTERNAL }
    }
}

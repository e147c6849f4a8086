package dev.cdcwatch.lineage;

import dev.cdcwatch.lineage.config.LineageConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Lineage settings with the short intervals tests need. */
final class TestConfigs {

    /**
     * Twelve polls of 250 ms: a stopped consumer shows WARN (growth at half the window) for about 1.5 s and REWIND
     * stays for 3 s, long enough for a test to see them on a loaded machine, before the full window decides.
     */
    static final int WINDOW = 12;

    private TestConfigs() {
    }

    /** A cluster polled every {@code pollMillis}, watching only groups starting with {@code groupPrefix}. */
    static LineageConfig.Cluster cluster(String name, String bootstrapServers, long pollMillis, long timeoutMillis, String groupPrefix) {
        return new LineageConfig.Cluster(name, bootstrapServers, Duration.ofMillis(pollMillis), Duration.ofMillis(timeoutMillis),
                Pattern.compile(Pattern.quote(groupPrefix) + ".*"), Optional.empty(), Map.of());
    }

    static LineageConfig config(List<LineageConfig.Cluster> clusters, List<LineageConfig.DeclaredEdge> declared) {
        return new LineageConfig(clusters, declared,
                new LineageConfig.Graph(Duration.ofDays(7), Duration.ofMillis(200)),
                new LineageConfig.Status(WINDOW, 120));
    }
}

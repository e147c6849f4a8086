package dev.cdcwatch.lineage;

import dev.cdcwatch.lineage.config.LineageConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Lineage settings with the short intervals tests need. */
final class TestConfigs {

    static final int WINDOW = 6;

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

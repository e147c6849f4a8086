package dev.cdcwatch.lineage.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the lineage collector watches and how. Built by {@link LineageConfigLoader} from YAML, or
 * directly by an embedding application.
 *
 * @param clusters      Kafka clusters to poll, each with its own loop
 * @param declaredEdges table -> topic edges of CDC jobs that report no route metrics
 * @param graph         persistence and ageing of the graph
 * @param status        Burrow-style status evaluation
 */
public record LineageConfig(List<Cluster> clusters, List<DeclaredEdge> declaredEdges, Graph graph, Status status) {

    public LineageConfig {
        clusters = List.copyOf(clusters);
        declaredEdges = List.copyOf(declaredEdges);
    }

    /**
     * One Kafka cluster.
     *
     * @param name             the {@code cluster} label of its metrics
     * @param bootstrapServers host:port list
     * @param pollInterval     time between the end of one poll and the start of the next
     * @param requestTimeout   bound on each Admin call; a poll never takes much longer than a few of these
     * @param groupInclude     consumer groups polled (full match)
     * @param groupExclude     consumer groups skipped, if present (full match)
     * @param properties       extra Admin client properties (security, SASL, ...)
     */
    public record Cluster(String name, String bootstrapServers, Duration pollInterval, Duration requestTimeout,
                          Pattern groupInclude, Optional<Pattern> groupExclude, Map<String, String> properties) {

        public Cluster {
            properties = Map.copyOf(properties);
        }

        public boolean watches(String group) {
            return groupInclude.matcher(group).matches() && groupExclude.map(p -> !p.matcher(group).matches()).orElse(true);
        }
    }

    /** A table -> topic edge declared in config; {@code job} names the pipeline that writes it. */
    public record DeclaredEdge(String job, String database, String table, String topic) {
    }

    /**
     * @param staleAfter      edges (and then nodes) not seen for this long are removed; declared edges stay
     * @param persistInterval how often route observations buffered in memory are written
     */
    public record Graph(Duration staleAfter, Duration persistInterval) {
    }

    /**
     * @param window          polls per partition kept for the status (Burrow's window)
     * @param offsetTableSize (log end offset, time) points kept per partition for lag in seconds;
     *                        older points are thinned, so coverage grows while resolution falls
     */
    public record Status(int window, int offsetTableSize) {
    }
}

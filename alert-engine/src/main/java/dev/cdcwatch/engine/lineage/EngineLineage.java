package dev.cdcwatch.engine.lineage;

import dev.cdcwatch.catalog.metrics.Labels;
import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.engine.alerts.AlertAnnotator;
import dev.cdcwatch.engine.ingest.BatchIngester;
import dev.cdcwatch.lineage.LineageCollector;
import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.lineage.graph.LineageGraph;
import io.prometheus.client.CollectorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The lineage collector inside the engine. Data flows one way: route samples the engine ingests
 * teach it table -> topic; its consumer-lag samples go into the series store like any reporter's, so
 * the default rules alert on them; and the graph it keeps annotates every alert with its lineage.
 */
public final class EngineLineage implements AlertAnnotator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineLineage.class);
    public static final String ROUTE_METRIC = MetricCatalog.ROUTE_RECORDS.name();

    private final LineageCollector collector;
    private static final long GRAPH_MAX_AGE_MILLIS = 1_000;

    private final long startedAtMillis = System.currentTimeMillis();
    private volatile LineageGraph graph = new LineageGraph(List.of(), List.of());
    private volatile long graphReadAtMillis;

    private EngineLineage(LineageCollector collector) {
        this.collector = collector;
    }

    /** In external mode nothing is polled here: the standalone collector writes lag to the database and pushes its samples. */
    public static EngineLineage start(EngineConfig.Lineage config, DataSource dataSource, BatchIngester ingester, CollectorRegistry registry,
                                      String host) {
        EngineLineage lineage = new EngineLineage(new LineageCollector(config.collector(), dataSource));
        if (config.mode() == EngineConfig.Lineage.Mode.EXTERNAL) {
            lineage.collector.startWithoutPolling();
            return lineage;
        }
        registry.register(new LineageSamplesCollector(lineage.collector));
        lineage.collector.addSampleListener(samples -> lineage.store(ingester, host, samples));
        lineage.collector.start();
        return lineage;
    }

    /** Feeds one cluster's poll into the store as if a reporter per cluster had pushed it, so staleness works per cluster. */
    private void store(BatchIngester ingester, String host, List<WireSample> samples) {
        Map<String, List<WireSample>> byCluster = samples.stream()
                .collect(Collectors.groupingBy(sample -> sample.labels().getOrDefault(Labels.CLUSTER, "")));
        byCluster.forEach((cluster, clusterSamples) -> {
            try {
                ingester.ingest(new PushBatch(PushBatch.CURRENT_VERSION,
                        new ReporterIdentity("", host, "lineage/" + cluster, startedAtMillis), clusterSamples));
            } catch (Exception e) {
                LOG.warn("lineage samples of cluster {} not stored: {}", cluster, e.getMessage());
            }
        });
    }

    /** Learns a table -> topic edge from a stored sample of the route counter ({@link #ROUTE_METRIC}). */
    public void observeRoute(ReporterIdentity reporter, dev.cdcwatch.engine.series.Labels labels, double value, long timestampMillis) {
        String job = labels.get(Labels.JOB);
        String database = labels.get(Labels.DATABASE);
        String table = labels.get(Labels.TABLE);
        String topic = labels.get(Labels.TOPIC);
        if (database != null && table != null && topic != null) {
            collector.observeRoute(job == null ? reporter.job() : job, database, table, topic, timestampMillis);
        }
    }

    /** Lineage of an alert, from a graph read at most a second ago: one database read per second of evaluation, not per alert. */
    @Override
    public Map<String, String> annotate(dev.cdcwatch.engine.series.Labels alertLabels) {
        long now = System.currentTimeMillis();
        if (now - graphReadAtMillis > GRAPH_MAX_AGE_MILLIS) {
            graph = collector.graph();
            graphReadAtMillis = now;
        }
        return LineageAnnotations.of(graph, alertLabels.asMap());
    }

    public LineageCollector collector() {
        return collector;
    }

    @Override
    public void close() {
        collector.close();
    }
}

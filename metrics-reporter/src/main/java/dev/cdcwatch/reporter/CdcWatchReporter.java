package dev.cdcwatch.reporter;

import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.reporter.config.ReporterOptions;
import dev.cdcwatch.reporter.exposition.MetricsHttpServer;
import dev.cdcwatch.reporter.exposition.RegistryCollector;
import dev.cdcwatch.reporter.health.HealthCollector;
import dev.cdcwatch.reporter.health.ReporterHealth;
import dev.cdcwatch.reporter.naming.LabelPolicy;
import dev.cdcwatch.reporter.naming.MetricName;
import dev.cdcwatch.reporter.naming.MetricNaming;
import dev.cdcwatch.reporter.naming.ResolvedLabels;
import dev.cdcwatch.reporter.push.BatchEncoder;
import dev.cdcwatch.reporter.push.EncodedBatch;
import dev.cdcwatch.reporter.push.Pusher;
import dev.cdcwatch.reporter.series.Series;
import dev.cdcwatch.reporter.series.SeriesRegistry;
import io.prometheus.client.CollectorRegistry;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cdc-watch Flink metric reporter: exposes Flink's metrics on a Prometheus endpoint under the metric
 * catalog's names with stable, low-cardinality labels, and pushes them to the alert engine.
 *
 * <p>Flink calls {@link #notifyOfAddedMetric} and {@link #notifyOfRemovedMetric} on its own threads; both only
 * name the metric and update the {@link SeriesRegistry}. Scrapes are served and pushes taken and sent on the
 * reporter's own daemon threads.
 */
public final class CdcWatchReporter implements MetricReporter {

    private static final Logger LOG = LoggerFactory.getLogger(CdcWatchReporter.class);
    private static final String JOB_NAME = "<job_name>";
    private static final String HOST = "<host>";

    private final ReporterOptions options;
    private final MetricNaming naming = new MetricNaming();
    private final LabelPolicy labels;
    private final SeriesRegistry series;
    private final ReporterHealth health;
    private final CollectorRegistry collectors = new CollectorRegistry();
    private final Set<String> warnedConflicts = ConcurrentHashMap.newKeySet();
    private final long processStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    private volatile String host;
    private volatile String localHost = "unknown";
    private MetricsHttpServer server;
    private Pusher pusher;

    public CdcWatchReporter(ReporterOptions options) {
        this.options = options;
        this.labels = options.labels();
        this.series = new SeriesRegistry(exposedName -> options.push().map(push -> push.pushes(exposedName)).orElse(false));
        this.health = new ReporterHealth(series::seriesCount);
    }

    @Override
    public void open(MetricConfig config) {
        if (!options.unknownKeys().isEmpty()) {
            LOG.warn("cdc-watch reporter: ignoring unknown options {} (see the README for the option list)", options.unknownKeys());
        }
        localHost = localHostName();
        collectors.register(new RegistryCollector(series));
        collectors.register(new HealthCollector(health, this::identity));
        server = MetricsHttpServer.start(options.host(), options.ports(), collectors);
        options.push().ifPresent(push -> {
            pusher = new Pusher(push, series, health, this::identity);
            pusher.start();
        });
        LOG.info("cdc-watch reporter: Prometheus endpoint on port {}; push {}; labels {}", server.port(),
                options.push().map(Object::toString).orElse("off"), labels);
    }

    @Override
    public void close() {
        if (pusher != null) {
            pusher.close();
        }
        if (server != null) {
            server.close();
        }
        collectors.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        Optional<Registration> registration = registration(metric, metricName, group);
        if (registration.isEmpty()) {
            return;
        }
        Registration r = registration.get();
        if (host == null && r.variables().get(HOST) != null && !r.variables().get(HOST).isEmpty()) {
            host = r.variables().get(HOST);
        }
        SeriesRegistry.Added added = series.add(metric, r.name(), r.labels(), r.variables().get(JOB_NAME));
        if (added == SeriesRegistry.Added.KIND_CONFLICT && warnedConflicts.add(r.name().family())) {
            LOG.warn("cdc-watch reporter: {} is registered both as a {} and as another type; only the first is reported",
                    r.name().exposedName(), r.name().kind());
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        registration(metric, metricName, group).ifPresent(r -> series.remove(metric, r.name(), r.labels(), r.variables().get(JOB_NAME)));
    }

    private record Registration(MetricName name, ResolvedLabels labels, Map<String, String> variables) {
    }

    private Optional<Registration> registration(Metric metric, String metricName, MetricGroup group) {
        String logicalScope;
        try {
            logicalScope = LogicalScopeProvider.castFrom(group).getLogicalScope(CharacterFilter.NO_OP_FILTER, '.');
        } catch (IllegalStateException e) {
            // Not one of Flink's runtime groups; fall back to the scope components.
            logicalScope = String.join(".", group.getScopeComponents());
        }
        MetricName name = naming.name(logicalScope, metricName, Series.kindOf(metric));
        if (!options.reports(name.exposedName())) {
            return Optional.empty();
        }
        Map<String, String> variables = group.getAllVariables();
        String hostVariable = variables.get(HOST);
        if (hostVariable != null && hostVariable.isEmpty()) {
            // A MiniCluster's TaskManager reports an empty host; a label that says nothing is worse than the host name.
            Map<String, String> withHost = new java.util.HashMap<>(variables);
            withHost.put(HOST, host == null ? localHost : host);
            variables = withHost;
        }
        return Optional.of(new Registration(name, labels.resolve(variables, name.labelOrder()), variables));
    }

    /** Who this reporter is, for push batches and its own health metrics. */
    ReporterIdentity identity() {
        String reporterHost = host == null ? localHost : host;
        int port = server == null ? 0 : server.port();
        return new ReporterIdentity(series.jobNames(), reporterHost, reporterHost + ":" + port, processStartMillis);
    }

    /** The port the Prometheus endpoint is bound to. */
    public int port() {
        return server.port();
    }

    /** The collectors behind /metrics; for benchmarks and tests that render a scrape without HTTP. */
    public CollectorRegistry collectorRegistry() {
        return collectors;
    }

    /** Takes one push batch as the push thread does every push.interval, without queueing it; for benchmarks. */
    public EncodedBatch takePushBatch(BatchEncoder encoder) {
        return Pusher.take(series, health, identity(), encoder, series.seriesCount());
    }

    /** The series currently reported. */
    public int seriesCount() {
        return series.seriesCount();
    }

    List<String> unknownKeys() {
        return options.unknownKeys();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}

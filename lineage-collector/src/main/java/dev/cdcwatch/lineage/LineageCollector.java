package dev.cdcwatch.lineage;

import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.lineage.config.LineageConfig;
import dev.cdcwatch.lineage.graph.Impact;
import dev.cdcwatch.lineage.graph.LineageGraph;
import dev.cdcwatch.lineage.graph.LineageStore;
import dev.cdcwatch.lineage.graph.NodeGraph;
import dev.cdcwatch.lineage.graph.NodeGraphView;
import dev.cdcwatch.lineage.graph.RouteBuffer;
import dev.cdcwatch.lineage.graph.RouteSighting;
import dev.cdcwatch.lineage.lag.ClusterLag;
import dev.cdcwatch.lineage.metrics.LagSamples;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The lineage collector as a library: one poll loop per Kafka cluster, the graph in the given
 * database, route observations from the embedding engine, and the queries. Nothing here blocks the
 * caller on Kafka: polls run on their own threads and queries read the database. Observations are
 * written every persist interval, and before every query.
 */
public final class LineageCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineageCollector.class);

    private final LineageConfig config;
    private final LineageStore store;
    private final LongSupplier clock;
    private final RouteBuffer routes = new RouteBuffer();
    private final List<ClusterPoller> pollers = new ArrayList<>();
    private final List<Consumer<List<WireSample>>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ClusterLag> latest = new ConcurrentHashMap<>();
    private final Map<String, ClusterLag> unwritten = new ConcurrentHashMap<>();
    private final ScheduledExecutorService maintenance;
    private final Object flushLock = new Object();
    private boolean started;

    /** Migrates the lineage tables in {@code dataSource} (the engine's database is fine) and sets the collector up. */
    public LineageCollector(LineageConfig config, DataSource dataSource) {
        this(config, dataSource, System::currentTimeMillis);
    }

    LineageCollector(LineageConfig config, DataSource dataSource, LongSupplier clock) {
        this.config = config;
        this.store = LineageStore.open(dataSource);
        this.clock = clock;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cdc-watch-lineage-graph");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Writes the declared edges and starts the poll loops and the graph upkeep. */
    public synchronized void start() {
        markStarted();
        store.replaceDeclared(RouteSighting.declared(config.declaredEdges(), clock.getAsLong()));
        for (LineageConfig.Cluster cluster : config.clusters()) {
            ClusterPoller poller = new ClusterPoller(cluster, config.status(), this::onPoll, clock);
            pollers.add(poller);
            poller.start();
        }
        startUpkeep();
    }

    /**
     * Starts only the graph upkeep (observed routes, ageing): for an engine whose Kafka polls run in a
     * standalone collector writing the same database. The declared edges are left to that collector,
     * which owns them; replacing them here would undeclare its edges.
     */
    public synchronized void startWithoutPolling() {
        markStarted();
        startUpkeep();
    }

    private void markStarted() {
        if (started) {
            throw new IllegalStateException("the lineage collector is already started");
        }
        started = true;
    }

    private void startUpkeep() {
        long period = config.graph().persistInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::upkeep, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Notes that {@code job} routes changes of {@code database.table} to {@code topic}, e.g. from an
     * ingested {@code cdc_route_records_total} sample. Cheap: buffered and written every persist interval.
     */
    public void observeRoute(String job, String database, String table, String topic, long timeMillis) {
        routes.observe(job, database, table, topic, timeMillis);
    }

    /**
     * Called on a poll thread after every poll of a cluster with that cluster's samples:
     * {@code cdc_lineage_cluster_up} and {@code cdc_lineage_poll_errors_total} always, group status
     * and partition lag when the poll succeeded. Listeners must not block.
     */
    public void addSampleListener(Consumer<List<WireSample>> listener) {
        listeners.add(listener);
    }

    /** The latest samples of every cluster polled so far. */
    public List<WireSample> samples() {
        List<WireSample> samples = new ArrayList<>();
        latest.values().forEach(poll -> samples.addAll(LagSamples.of(poll)));
        return samples;
    }

    /** The latest poll outcome of a cluster, once it has been polled. */
    public Optional<ClusterLag> latestPoll(String cluster) {
        return Optional.ofNullable(latest.get(cluster));
    }

    /** The whole graph with each group's latest lag and status, including routes observed a moment ago. */
    public LineageGraph graph() {
        flush();
        return store.load();
    }

    public Impact impactOfTable(String qualifiedTable) {
        return graph().impactOfTable(qualifiedTable);
    }

    public Impact impactOfTopic(String topic) {
        return graph().impactOfTopic(topic);
    }

    /** {@code group} is a group id (any cluster) or {@code cluster/group}. */
    public Impact impactOfGroup(String group) {
        return graph().impactOfGroup(group);
    }

    /** The graph for Grafana's Node Graph panel; {@code firingAlertsByNode} maps node ids to alerts firing on them. */
    public NodeGraph nodeGraph(Map<String, Integer> firingAlertsByNode) {
        return NodeGraphView.of(graph(), firingAlertsByNode);
    }

    private void onPoll(ClusterLag poll) {
        if (poll.up()) {
            // Written by the upkeep thread, so a slow database never delays the samples; only the latest poll counts.
            unwritten.put(poll.cluster(), poll);
        }
        latest.put(poll.cluster(), poll);
        List<WireSample> samples = LagSamples.of(poll);
        for (Consumer<List<WireSample>> listener : listeners) {
            try {
                listener.accept(samples);
            } catch (RuntimeException e) {
                LOG.error("a lineage sample listener failed", e);
            }
        }
    }

    private void upkeep() {
        try {
            flush();
            store.ageOut(clock.getAsLong() - config.graph().staleAfter().toMillis());
        } catch (RuntimeException e) {
            LOG.error("writing the lineage graph failed; will retry in {}", config.graph().persistInterval(), e);
        }
    }

    /** Writes what was observed since the last write; one writer at a time, so a newer poll is never overwritten by an older one. */
    private void flush() {
        synchronized (flushLock) {
            List<RouteSighting> sightings = routes.drain();
            if (!sightings.isEmpty()) {
                store.recordRoutes(sightings);
            }
            for (String cluster : List.copyOf(unwritten.keySet())) {
                ClusterLag poll = unwritten.remove(cluster);
                if (poll != null) {
                    store.recordConsumption(poll.cluster(), poll.timeMillis(), poll.groups());
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        pollers.forEach(ClusterPoller::close);
        maintenance.shutdownNow();
        try {
            maintenance.awaitTermination(5, TimeUnit.SECONDS);
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("could not write the last route observations", e);
        }
    }
}

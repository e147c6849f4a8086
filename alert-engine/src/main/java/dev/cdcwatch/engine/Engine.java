package dev.cdcwatch.engine;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertAnnotator;
import dev.cdcwatch.engine.alerts.AlertListener;
import dev.cdcwatch.engine.alerts.AlertRegistry;
import dev.cdcwatch.engine.api.ApiRouter;
import dev.cdcwatch.engine.auth.Tokens;
import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.engine.dashboards.AlertEpisodesApi;
import dev.cdcwatch.engine.dashboards.DashboardsApi;
import dev.cdcwatch.engine.dispatch.DispatchService;
import dev.cdcwatch.engine.dispatch.EngineDispatch;
import dev.cdcwatch.engine.evaluation.RuleManager;
import dev.cdcwatch.engine.ingest.BatchIngester;
import dev.cdcwatch.engine.lineage.EngineLineage;
import dev.cdcwatch.engine.lineage.LineageApi;
import dev.cdcwatch.engine.metrics.EngineMetrics;
import dev.cdcwatch.engine.notify.NotificationsApi;
import dev.cdcwatch.engine.persistence.AlertRepository;
import dev.cdcwatch.engine.persistence.Database;
import dev.cdcwatch.engine.persistence.SilenceRepository;
import dev.cdcwatch.engine.rules.AlertingRule;
import dev.cdcwatch.engine.rules.RuleGroup;
import dev.cdcwatch.engine.rules.RuleLoadException;
import dev.cdcwatch.engine.rules.promql.Evaluator;
import dev.cdcwatch.engine.rules.promql.Expr;
import dev.cdcwatch.engine.rules.template.Templates;
import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.silence.Silences;
import dev.cdcwatch.engine.store.RetentionPlan;
import dev.cdcwatch.engine.store.SeriesStore;
import dev.cdcwatch.lineage.H2AutoServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The running alert engine, wired in one place: series store and ingest, rules and alert state,
 * silences, persistence and the HTTP API. {@link #start} returns once the port is open;
 * {@link #close} stops everything in reverse order.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final EngineConfig config;
    private final Database database;
    private final RuleManager rules;
    private final AlertRegistry alerts;
    private final Silences silences;
    private final SeriesStore store;
    private final EngineMetrics metrics;
    private final ScheduledExecutorService housekeeping;
    private final Vertx vertx;
    private final HttpServer server;
    private final EngineLineage lineage;
    private final DispatchService dispatch;

    private Engine(EngineConfig config, Database database, RuleManager rules, AlertRegistry alerts, Silences silences, SeriesStore store,
                   EngineMetrics metrics, ScheduledExecutorService housekeeping, Vertx vertx, HttpServer server, EngineLineage lineage,
                   DispatchService dispatch) {
        this.config = config;
        this.database = database;
        this.rules = rules;
        this.alerts = alerts;
        this.silences = silences;
        this.store = store;
        this.metrics = metrics;
        this.housekeeping = housekeeping;
        this.vertx = vertx;
        this.server = server;
        this.lineage = lineage;
        this.dispatch = dispatch;
    }

    /** Routes of the optional parts: dashboards always; lineage and notifications when configured. */
    private static List<Consumer<Router>> extraRoutes(EngineLineage lineage, DispatchService dispatch, AlertRegistry alerts) {
        List<Consumer<Router>> routes = new ArrayList<>();
        routes.add(new DashboardsApi()::mount);
        routes.add(new AlertEpisodesApi(alerts)::mount);
        if (lineage != null) {
            routes.add(new LineageApi(lineage.collector(), alerts)::mount);
        }
        if (dispatch != null) {
            routes.add(new NotificationsApi(dispatch.notifications())::mount);
        }
        return routes;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    public static Engine start(EngineConfig config) {
        return start(config, List.of());
    }

    /**
     * Starts the engine with listeners that hear every alert transition from the first evaluation on.
     *
     * @throws EngineStartException naming what could not start (rule file, database, port)
     */
    public static Engine start(EngineConfig config, List<AlertListener> listeners) {
        Instant startedAt = Instant.now();
        createDirectory(config);
        List<RuleGroup> groups;
        try {
            groups = RuleFiles.load(config.rules().files(), config.evaluation().interval());
        } catch (RuleLoadException e) {
            throw new EngineStartException("cannot load rules: " + e.getMessage(), e);
        }
        EngineMetrics metrics = new EngineMetrics();
        SeriesStore store = new SeriesStore(config.store().maxSeries(), config.store().maxSamplesPerSeries(), retention(config, groups), metrics);
        BatchIngester ingester = new BatchIngester(store, metrics, config.ingest().staleAfterIntervals(), config.ingest().minStaleAfter(),
                System::currentTimeMillis);
        Database database = openDatabase(config);
        AlertRepository alertRepository = new AlertRepository(database.jdbi());
        Silences silences = new Silences(new SilenceRepository(database.jdbi()), Engine::now);
        AlertRegistry alerts = new AlertRegistry(silences);
        metrics.labelledGauge("cdcwatch_engine_alerts", "Alerts held by the engine, by state", "state", alerts::countByState);
        EngineLineage lineage = config.lineage()
                .map(lineageConfig -> EngineLineage.start(lineageConfig, database.dataSource(), ingester, metrics.registry(), hostName()))
                .orElse(null);
        if (lineage != null) {
            ingester.addObserver(EngineLineage.ROUTE_METRIC, lineage::observeRoute);
        }
        List<AlertListener> allListeners = new ArrayList<>(listeners);
        DispatchService dispatch = config.dispatch().map(dispatchConfig -> DispatchService.start(dispatchConfig, database.jdbi(),
                alert -> !silences.mutedBy(Labels.of(alert.labels()), Instant.now()).isEmpty(), metrics.registry(), Clock.systemUTC()))
                .orElse(null);
        EngineDispatch toDispatch = dispatch == null ? null : new EngineDispatch(dispatch, config.dispatch().get().externalUrl());
        if (toDispatch != null) {
            allListeners.add(toDispatch);
        }
        RuleManager rules = new RuleManager(groups, config.evaluation().interval(), new Evaluator(store, config.evaluation().lookbackDelta()),
                Templates::expand, lineage == null ? AlertAnnotator.NONE : lineage, config.alerts().resolvedRetention(), alerts,
                alertRepository, List.copyOf(allListeners), metrics, Engine::now);
        List<Alert> orphansResolved = rules.restore(alertRepository.loadAll(), Instant.now().plus(config.alerts().restoreGrace()));
        if (toDispatch != null) {
            List<Alert> restored = new ArrayList<>(alerts.all());
            restored.addAll(orphansResolved);
            toDispatch.announceRestored(restored, Instant.now().minus(config.alerts().resolvedRetention()));
        }
        Tokens tokens = Tokens.resolve(config.auth(), config.dataDir());

        Vertx vertx = Vertx.vertx();
        HttpServer server;
        try {
            // HTTP/1.1 only: the JDK's HttpClient asks every plain-HTTP request to upgrade to h2c, and Vert.x's upgrade
            // path left one of the first few dozen such requests unanswered (JdkHttpClientTest).
            server = vertx.createHttpServer(new HttpServerOptions().setHost(config.server().host()).setPort(config.server().port())
                            .setHttp2ClearTextEnabled(false))
                    .requestHandler(ApiRouter.create(vertx, new ApiRouter.Parts(config, tokens, metrics, store, ingester, rules, alerts,
                            alertRepository, silences, startedAt, dispatch == null ? List::of : dispatch::integrations,
                            extraRoutes(lineage, dispatch, alerts))))
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            vertx.close();
            closeQuietly(dispatch);
            closeQuietly(lineage);
            closeQuietly(database);
            throw new EngineStartException("cannot listen on " + config.server().host() + ":" + config.server().port()
                    + " (server.host, server.port): " + e.getMessage(), e);
        }
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cdcwatch-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(() -> safely("staleness sweep", ingester::sweep), 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(() -> safely("alert clean-up", () -> {
            alertRepository.deleteResolvedBefore(Instant.now().minus(config.alerts().resolvedRetention()));
            alertRepository.deleteHistoryBefore(Instant.now().minus(config.alerts().historyRetention()));
        }), 1, 60, TimeUnit.SECONDS);
        rules.start();
        Engine engine = new Engine(config, database, rules, alerts, silences, store, metrics, housekeeping, vertx, server, lineage, dispatch);
        LOG.info("alert engine listening on {}:{} with {} rule groups, series retention {}s", config.server().host(), engine.port(),
                groups.size(), store.retention().toSeconds());
        return engine;
    }

    /** Per metric, what the loaded rules read plus the margin. */
    static RetentionPlan retention(EngineConfig config, List<RuleGroup> groups) {
        List<Expr> exprs = groups.stream().flatMap(group -> group.rules().stream()).map(AlertingRule::expr).toList();
        return RetentionPlan.of(exprs, config.evaluation().lookbackDelta(), config.store().retentionMargin());
    }

    private static void createDirectory(EngineConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir() + " (data-dir)", e);
        }
    }

    private static Database openDatabase(EngineConfig config) {
        H2AutoServer.bindToLoopback();
        try {
            return Database.open(config.storage());
        } catch (RuntimeException e) {
            throw new EngineStartException("cannot open the database " + config.storage().jdbcUrl() + " (storage.jdbc-url): "
                    + e.getMessage(), e);
        }
    }

    /** Times are kept to the millisecond, as stored, so an alert reads the same before and after a restart. */
    private static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    private static void safely(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed", what, e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    public EngineConfig config() {
        return config;
    }

    /** All alerts with their states. */
    public List<Alert> alerts() {
        return alerts.all();
    }

    /** The set handed to notification: firing and recently resolved alerts that no silence mutes now. */
    public List<Alert> notifiable() {
        return alerts.notifiable(Instant.now());
    }

    public Silences silences() {
        return silences;
    }

    public SeriesStore store() {
        return store;
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        long timeoutMillis = config.server().shutdownTimeout().toMillis();
        List<Exception> problems = new ArrayList<>();
        try {
            server.shutdown(timeoutMillis, TimeUnit.MILLISECONDS).toCompletionStage().toCompletableFuture().get(timeoutMillis + 1000,
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            problems.add(e);
        }
        try {
            rules.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(e);
        }
        housekeeping.shutdownNow();
        closeQuietly(dispatch);
        closeQuietly(lineage);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            problems.add(e);
        }
        closeQuietly(database);
        problems.forEach(problem -> LOG.warn("while stopping the engine: {}", problem.toString()));
        LOG.info("alert engine stopped");
    }

    private static void closeQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("cannot close {}: {}", part.getClass().getSimpleName(), e.toString());
        }
    }
}

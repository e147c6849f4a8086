package dev.cdcwatch.dashboards.peer;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import dev.cdcwatch.catalog.metrics.Origin;
import dev.cdcwatch.dashboards.Dashboard;
import dev.cdcwatch.dashboards.Dashboards;
import dev.cdcwatch.dashboards.PanelQuery;
import dev.cdcwatch.dashboards.VariableInterpolator;
import dev.cdcwatch.dashboards.preview.PreviewRenderer;
import dev.cdcwatch.dashboards.prometheus.PrometheusClient;
import dev.cdcwatch.dashboards.prometheus.VariableResolver;
import dev.cdcwatch.dashboards.promql.Selector;
import dev.cdcwatch.dashboards.promql.SelectorScanner;
import dev.cdcwatch.job.CdcPipeline;
import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.kafka.RecordCollector;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The peer test of the dashboards: a real Prometheus scrapes the real cdc-watch reporter while the
 * reference CDC job runs on real MariaDB and Kafka, then every panel query runs through
 * Prometheus's HTTP API with the dashboards' variables filled in from that run.
 *
 * <p>Consumer lag and group status come from the engine's lineage collector, not from the reporter,
 * so their queries are only checked to be valid PromQL here (Prometheus accepts them); the catalog
 * test checks their names.
 */
@ExtendWith(SharedInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesOnPrometheusTest {

    private static final String REPORTER_FACTORY = "dev.cdcwatch.reporter.CdcWatchReporterFactory";
    /** Four scrape intervals, as Grafana's $__rate_interval would be for a 1 s scrape. */
    private static final Duration RATE_INTERVAL = Duration.ofSeconds(4);
    private static final String ORDERS_TOPIC = "dash.shop.orders";
    private static final String CUSTOMERS_TOPIC = "dash.crm.customers";

    private final List<AutoCloseable> started = new ArrayList<>();
    private PrometheusServer prometheus;
    private Instant runStart;

    @BeforeAll
    void runTheReferenceJobScrapedByPrometheus(MariaDbServer db, KafkaBroker kafka) {
        db.execute(
                "CREATE DATABASE dash_shop",
                "CREATE TABLE dash_shop.orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(10,2))",
                "CREATE TABLE dash_shop.customers (id BIGINT PRIMARY KEY, name VARCHAR(40))",
                "INSERT INTO dash_shop.orders VALUES (1, 'ada', 10.50), (2, 'bob', 20.00), (3, 'cy', 30.25)",
                "INSERT INTO dash_shop.customers VALUES (100, 'Ada Lovelace'), (101, 'Bob Barker')");
        kafka.createTopics(2, ORDERS_TOPIC, CUSTOMERS_TOPIC);
        int reporterPort = FreePorts.find();
        runStart = Instant.now();
        prometheus = track(PrometheusServer.start(List.of("127.0.0.1:" + reporterPort)));

        Configuration flinkConf = new Configuration();
        flinkConf.setString("metrics.reporter.cdcwatch.factory.class", REPORTER_FACTORY);
        flinkConf.setString("metrics.reporter.cdcwatch.port", Integer.toString(reporterPort));
        FlinkCluster flink = track(FlinkCluster.start(flinkConf, 2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, jobConfig(db, kafka));
        JobID job = flink.submit(env);
        started.add(0, () -> flink.cancel(job));

        try (RecordCollector topics = new RecordCollector(kafka, List.of(ORDERS_TOPIC, CUSTOMERS_TOPIC))) {
            await("snapshot rows in Kafka").atMost(Duration.ofSeconds(90)).until(() -> topics.poll().size() >= 5);
            db.execute(
                    "INSERT INTO dash_shop.orders VALUES (4, 'dee', 40.00)",
                    "UPDATE dash_shop.orders SET amount = 11.00 WHERE id = 1",
                    "DELETE FROM dash_shop.orders WHERE id = 2",
                    "UPDATE dash_shop.customers SET name = 'Ada King' WHERE id = 100");
            await("binlog changes in Kafka").atMost(Duration.ofSeconds(60)).until(() -> topics.poll().size() >= 9);
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        Exception failure = null;
        for (AutoCloseable component : started) {
            try {
                component.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Test
    void everyReporterFedPanelQueryReturnsSeriesWithTheVariablesFilledFromTheRun() {
        PrometheusClient client = prometheus.client();
        await("every reporter-fed panel query returns series").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(emptyQueries(client, false))
                        .as("queries that returned no series (Prometheus log:%n%s)", prometheus.log()).isEmpty());
    }

    @Test
    void consumerLagQueriesAreValidPromQlAccordingToPrometheus() {
        PrometheusClient client = prometheus.client();
        List<String> lineageQueries = new ArrayList<>();
        for (Dashboard dashboard : Dashboards.all()) {
            Map<String, String> variables = variables(dashboard, client);
            dashboard.queries().stream().filter(DashboardQueriesOnPrometheusTest::readsLineageMetrics).forEach(query -> {
                // Throws with Prometheus's reason if the query is not valid PromQL.
                client.query(VariableInterpolator.interpolate(query.expr(), variables));
                lineageQueries.add(query.location());
            });
        }
        assertThat(lineageQueries).as("consumer lag panels exist and were checked").hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void previewsShowEveryDashboardFromTheRun() throws Exception {
        everyReporterFedPanelQueryReturnsSeriesWithTheVariablesFilledFromTheRun();
        // -Dcdcwatch.preview.dir=preview refreshes the committed previews; by default they go to target/.
        Path dir = Path.of(System.getProperty("cdcwatch.preview.dir", "target/preview"));
        List<Path> pngs = new PreviewRenderer(prometheus.client(), RATE_INTERVAL).renderAll(runStart, Instant.now(), dir);

        assertThat(pngs).hasSize(Dashboards.UIDS.size());
        for (Path png : pngs) {
            assertThat(Files.readAllBytes(png)).as(png.toString()).startsWith(0x89, 'P', 'N', 'G').hasSizeGreaterThan(10_000);
        }
    }

    private List<String> emptyQueries(PrometheusClient client, boolean lineage) {
        List<String> empty = new ArrayList<>();
        for (Dashboard dashboard : Dashboards.all()) {
            Map<String, String> variables = variables(dashboard, client);
            for (PanelQuery query : dashboard.queries()) {
                if (readsLineageMetrics(query) == lineage) {
                    String expr = VariableInterpolator.interpolate(query.expr(), variables);
                    if (client.query(expr).isEmpty()) {
                        empty.add(query.location() + ": " + expr);
                    }
                }
            }
        }
        return empty;
    }

    private Map<String, String> variables(Dashboard dashboard, PrometheusClient client) {
        Map<String, String> builtIns = new HashMap<>();
        builtIns.put("__rate_interval", RATE_INTERVAL.toSeconds() + "s");
        builtIns.put("__interval", "1s");
        builtIns.put("__range", Math.max(10, Duration.between(runStart, Instant.now()).toSeconds()) + "s");
        return VariableResolver.resolve(dashboard, client, VariableResolver.Choice.FIRST_VALUE, builtIns);
    }

    /** Whether the query reads what the lineage collector produces (consumer lag), which this run has no source of. */
    private static boolean readsLineageMetrics(PanelQuery query) {
        String placeholders = query.expr().replaceAll("\\$\\{?__\\w+}?", "1m").replaceAll("\\$\\{?\\w+}?", ".*");
        return SelectorScanner.scan(placeholders).selectors().stream()
                .map(Selector::metric).map(MetricCatalog::byName)
                .allMatch(definition -> definition.map(MetricDefinition::origin).filter(Origin.LINEAGE::equals).isPresent());
    }

    private static JobConfig jobConfig(MariaDbServer db, KafkaBroker kafka) {
        return new JobConfigLoader(name -> null).parse("""
                job:
                  name: dashboards-peer
                  parallelism: 2
                source:
                  hostname: 127.0.0.1
                  port: %d
                  username: %s
                  password: %s
                  databases: [dash_shop]
                  server-id: 5600-5603
                routing:
                  topic-pattern: 'dash.shop.{table}'
                  routes:
                    - table: 'dash_shop\\.customers'
                      topic: %s
                sink:
                  bootstrap-servers: %s
                checkpointing:
                  interval: 1s
                """.formatted(db.port(), MariaDbServer.CDC_USER, MariaDbServer.CDC_PASSWORD, CUSTOMERS_TOPIC, kafka.bootstrapServers()));
    }

    private <T extends AutoCloseable> T track(T component) {
        started.add(0, component);
        return component;
    }
}

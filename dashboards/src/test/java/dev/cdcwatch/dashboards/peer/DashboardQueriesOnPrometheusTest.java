package dev.cdcwatch.dashboards.peer;

import dev.cdcwatch.dashboards.Dashboard;
import dev.cdcwatch.dashboards.Dashboards;
import dev.cdcwatch.dashboards.PanelQuery;
import dev.cdcwatch.dashboards.TemplateVariable;
import dev.cdcwatch.dashboards.VariableInterpolator;
import dev.cdcwatch.catalog.metrics.Labels;
import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.dashboards.preview.NodeGraphData;
import dev.cdcwatch.dashboards.preview.PreviewRenderer;
import dev.cdcwatch.dashboards.prometheus.Series;
import dev.cdcwatch.lineage.graph.NodeGraph;
import dev.cdcwatch.dashboards.prometheus.PrometheusClient;
import dev.cdcwatch.dashboards.prometheus.VariableResolver;
import dev.cdcwatch.job.CdcPipeline;
import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.lineage.LineageCollectorMain;
import dev.cdcwatch.lineage.config.LineageConfigLoader;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.kafka.RecordCollector;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The peer test of the dashboards: a real Prometheus scrapes the real cdc-watch reporter while the
 * reference CDC job runs on real MariaDB and Kafka, and the real lineage collector (standalone, as
 * the engine embeds it) watches a consumer group of the job's topics; then every panel query runs
 * through Prometheus's HTTP API with the dashboards' variables filled in from that run.
 */
@ExtendWith(SharedInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesOnPrometheusTest {

    private static final String REPORTER_FACTORY = "dev.cdcwatch.reporter.CdcWatchReporterFactory";
    /** Four scrape intervals, as Grafana's $__rate_interval would be for a 1 s scrape. */
    private static final Duration RATE_INTERVAL = Duration.ofSeconds(4);
    private static final String ORDERS_TOPIC = "dash.shop.orders";
    private static final String CUSTOMERS_TOPIC = "dash.crm.customers";
    private static final String CONSUMER_GROUP = "billing";
    private static final String JOB_NAME = "dashboards-peer";

    private final List<AutoCloseable> started = new ArrayList<>();
    private PrometheusServer prometheus;
    private LineageCollectorMain.Running lineage;
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
        int lineagePort = FreePorts.find();
        runStart = Instant.now();
        prometheus = track(PrometheusServer.start(List.of("127.0.0.1:" + reporterPort, "127.0.0.1:" + lineagePort)));
        lineage = track(LineageCollectorMain.start(new LineageConfigLoader(name -> null).parseStandalone(lineageConfig(kafka, lineagePort))));

        // Stands in for the engine's push endpoint, so the reporter row shows real pushes and latency.
        HttpReceiver pushTarget = track(HttpReceiver.start());
        Configuration flinkConf = new Configuration();
        flinkConf.setString("metrics.reporter.cdcwatch.factory.class", REPORTER_FACTORY);
        flinkConf.setString("metrics.reporter.cdcwatch.port", Integer.toString(reporterPort));
        flinkConf.setString("metrics.reporter.cdcwatch.push.url", pushTarget.url("/api/v1/push"));
        flinkConf.setString("metrics.reporter.cdcwatch.push.interval", "1 s");
        FlinkCluster flink = track(FlinkCluster.start(flinkConf, 2));
        Configuration jobConf = new Configuration();
        // The reporter labels series with the Flink job's name, which the dashboards' job variable lists.
        jobConf.set(PipelineOptions.NAME, JOB_NAME);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConf);
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
        commitBehindTheLogEnd(kafka);
        steadyTraffic(db);
    }

    /**
     * Two inserts a second for a while, so rates and lags have a shape; -Dcdcwatch.preview.traffic=60s
     * makes the committed previews. Awaitility paces the inserts.
     */
    private static void steadyTraffic(MariaDbServer db) {
        Duration traffic = Duration.parse("PT" + System.getProperty("cdcwatch.preview.traffic", "8s").toUpperCase());
        Instant start = Instant.now();
        AtomicInteger id = new AtomicInteger(1000);
        await("steady binlog traffic").atMost(traffic.plusSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    db.execute("INSERT INTO dash_shop.orders VALUES (" + id.incrementAndGet() + ", 'steady', 1.00)");
                    return Duration.between(start, Instant.now()).compareTo(traffic) >= 0;
                });
    }

    /** A consumer group that has read one record of each partition, so it lags behind the log end. */
    private static void commitBehindTheLogEnd(KafkaBroker kafka) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (String topic : List.of(ORDERS_TOPIC, CUSTOMERS_TOPIC)) {
            for (int partition = 0; partition < 2; partition++) {
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(1));
            }
        }
        try (Admin admin = kafka.admin()) {
            admin.alterConsumerGroupOffsets(CONSUMER_GROUP, offsets).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot commit offsets of group " + CONSUMER_GROUP + ": " + e.getMessage(), e);
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
    void everyPanelQueryReturnsSeriesWithTheVariablesFilledFromTheRun() {
        PrometheusClient client = prometheus.client();
        await("every panel query returns series").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(emptyQueries(client))
                        .as("queries that returned no series (Prometheus log:%n%s)", prometheus.log()).isEmpty());
    }

    @Test
    void everyVariableFindsValuesInTheRun() {
        PrometheusClient client = prometheus.client();
        await("every variable has values").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (Dashboard dashboard : Dashboards.all()) {
                Map<String, String> values = variables(dashboard, client);
                for (TemplateVariable variable : dashboard.variables()) {
                    assertThat(values.get(variable.name())).as("%s variable %s", dashboard.uid(), variable.name())
                            .isNotEqualTo(variable.allValue());
                }
            }
        });
    }

    @Test
    void previewsShowEveryDashboardFromTheRun() throws Exception {
        everyPanelQueryReturnsSeriesWithTheVariablesFilledFromTheRun();
        // -Dcdcwatch.preview.dir=preview refreshes the committed previews; by default they go to target/.
        Path dir = Path.of(System.getProperty("cdcwatch.preview.dir", "target/preview"));
        List<Path> pngs = new PreviewRenderer(prometheus.client(), RATE_INTERVAL).withLineage(lineageAsTheEngineServesIt())
                .renderAll(runStart, Instant.now(), dir);

        assertThat(pngs).hasSize(Dashboards.UIDS.size());
        for (Path png : pngs) {
            assertThat(Files.readAllBytes(png)).as(png.toString()).startsWith(0x89, 'P', 'N', 'G').hasSizeGreaterThan(10_000);
        }
    }

    /** The collector's node graph, fed the routes Prometheus scraped, as the engine feeds it the routes pushed to it. */
    private NodeGraphData lineageAsTheEngineServesIt() {
        String routes = "sum by (job, database, table, topic) (" + MetricCatalog.ROUTE_RECORDS.name() + ")";
        for (Series route : prometheus.client().query(routes)) {
            Map<String, String> labels = route.labels();
            lineage.collector().observeRoute(labels.get(Labels.JOB), labels.get(Labels.DATABASE), labels.get(Labels.TABLE),
                    labels.get(Labels.TOPIC), System.currentTimeMillis());
        }
        NodeGraph graph = lineage.collector().nodeGraph(Map.of());
        return new NodeGraphData(
                graph.nodes().stream().map(n -> new NodeGraphData.Node(n.id(), n.title(), n.subTitle(), n.mainStat(), n.color())).toList(),
                graph.edges().stream().map(e -> new NodeGraphData.Edge(e.source(), e.target(), e.mainStat())).toList());
    }

    private List<String> emptyQueries(PrometheusClient client) {
        List<String> empty = new ArrayList<>();
        for (Dashboard dashboard : Dashboards.all()) {
            Map<String, String> variables = variables(dashboard, client);
            for (PanelQuery query : dashboard.queries()) {
                String expr = VariableInterpolator.interpolate(query.expr(), variables);
                if (client.query(expr).isEmpty()) {
                    empty.add(query.location() + ": " + expr);
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

    private static String lineageConfig(KafkaBroker kafka, int metricsPort) {
        return """
                database:
                  url: jdbc:h2:mem:dashboards-peer;DB_CLOSE_DELAY=-1
                metrics:
                  port: %d
                clusters:
                  - name: local
                    bootstrap-servers: %s
                    poll-interval: 1s
                """.formatted(metricsPort, kafka.bootstrapServers());
    }

    private static JobConfig jobConfig(MariaDbServer db, KafkaBroker kafka) {
        return new JobConfigLoader(name -> null).parse("""
                job:
                  name: %s
                  parallelism: 2
                source:
                %s
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
                """.formatted(JOB_NAME, db.sourceConnectionYaml(), CUSTOMERS_TOPIC, kafka.bootstrapServers()));
    }

    private <T extends AutoCloseable> T track(T component) {
        started.add(0, component);
        return component;
    }
}

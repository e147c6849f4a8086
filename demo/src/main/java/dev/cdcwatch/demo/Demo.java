package dev.cdcwatch.demo;

import dev.cdcwatch.engine.Engine;
import dev.cdcwatch.engine.config.EngineConfigLoader;
import dev.cdcwatch.job.CdcPipeline;
import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.TempDirs;
import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole pipeline on loopback, wired as a user would run it: MariaDB with two demo databases and
 * a load generator, Kafka, the reference job on a Flink MiniCluster with the cdc-watch reporter
 * enabled through its {@code metrics.reporter.cdcwatch.*} keys, two consumer groups, the alert
 * engine with the default rules, and a DingTalk-compatible robot and a webhook endpoint that print
 * what they receive. Everything started here is stopped by {@link #close()}, in reverse order, also
 * when close() comes (from a Ctrl-C) while the demo is still starting.
 */
public final class Demo implements AutoCloseable {

    public static final String JOB_NAME = "shop-cdc";
    public static final String ROBOT_TOKEN = "demo-robot";
    public static final String ANALYTICS_GROUP = "analytics";
    public static final String BILLING_GROUP = "billing-sync";

    /**
     * Ports are 0 for "any free port". The reporter takes the first free port of the 100 from
     * {@code reporterPort} upwards (from 9250 when 0), as its {@code port} option allows a range.
     */
    public record Options(int enginePort, int controlPort, int reporterPort) {
        public static final Options DEFAULTS = new Options(8080, 8099, 9250);
        static final int REPORTER_PORTS = 100;

        String reporterPortRange() {
            int first = reporterPort == 0 ? DEFAULTS.reporterPort : reporterPort;
            return first + "-" + Math.min(65535, first + REPORTER_PORTS - 1);
        }
    }

    /** How long the reporter may take to push its first batch before the demo gives up instead of never alerting. */
    private static final Duration FIRST_PUSH_TIMEOUT = Duration.ofSeconds(90);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final String robotSecret = randomHex(16);
    private final String ingestToken = randomHex(16);
    private final String adminToken = randomHex(16);
    private final Path workDir;
    private MariaDbServer mariaDb;
    private KafkaBroker kafka;
    private DingTalkRobotServer dingTalk;
    private HttpReceiver webhook;
    private Engine engine;
    private FlinkCluster flink;
    private JobConfig jobConfig;
    private JobID job;
    private LoadGenerator load;
    private DemoConsumers consumers;
    private FaultController faults;
    private RuleThresholds thresholds;
    private int reporterPort;
    private boolean closed;

    private Demo() {
        workDir = TempDirs.create("cdcwatch-demo-");
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public static Demo start(Options options, PrintStream console) {
        Demo demo = create();
        demo.startAll(options, console);
        return demo;
    }

    /** A demo with nothing started yet, so that a shutdown hook can close it while {@link #startAll} runs. */
    static Demo create() {
        return new Demo();
    }

    /** Starts everything; on failure, or when closed meanwhile, stops what was started and rethrows. */
    void startAll(Options options, PrintStream console) {
        try {
            startComponents(options, console);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void startComponents(Options options, PrintStream console) {
        console.println("starting MariaDB (binlog on) ...");
        mariaDb = track(MariaDbServer.start());
        DemoSchema.create(mariaDb);
        console.println("starting Kafka (KRaft, in this JVM) ...");
        kafka = track(KafkaBroker.start());
        kafka.createTopics(3, "cdc.shop.orders", "cdc.shop.customers", "cdc.billing.invoices");

        dingTalk = track(DingTalkRobotServer.start());
        dingTalk.addRobot(new DingTalkRobotServer.Robot(ROBOT_TOKEN, robotSecret, null));
        webhook = track(HttpReceiver.start());
        track(new ConsolePrinter(console, dingTalk, webhook));

        console.println("starting the alert engine ...");
        int enginePort = options.enginePort() == 0 ? FreePorts.find() : options.enginePort();
        engine = track(Engine.start(new EngineConfigLoader(name -> null).parse(engineConfig(enginePort))));

        console.println("starting Flink with the reference job and the cdc-watch reporter ...");
        flink = track(FlinkCluster.start(flinkConfig(options.reporterPortRange()), 4));
        jobConfig = new JobConfigLoader(name -> null).parse(jobConfigYaml());
        submitJob();
        reporterPort = new ReporterPort(engine.port(), JOB_NAME).await(FIRST_PUSH_TIMEOUT, this::closed, options.reporterPortRange());
        thresholds = track(new RuleThresholds(engine.port(), ingestToken));

        load = track(new LoadGenerator(mariaDb, 100));
        load.start();
        consumers = track(new DemoConsumers(kafka.bootstrapServers(), List.of(
                new DemoConsumers.Group(ANALYTICS_GROUP, Pattern.compile("cdc\\.shop\\..*")),
                new DemoConsumers.Group(BILLING_GROUP, Pattern.compile("cdc\\.billing\\..*")))));
        faults = track(new FaultController(options.controlPort(), faultScenarios()));
    }

    /** Records a started component; one that finished starting after close() is stopped at once. */
    private synchronized <T extends AutoCloseable> T track(T component) {
        started.push(component);
        if (closed) {
            close();
            throw new IllegalStateException("the demo was stopped while starting");
        }
        return component;
    }

    synchronized boolean closed() {
        return closed;
    }

    private void submitJob() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, jobConfig, changes -> changes.map(new SinkStall()).name("demo-sink-stall"));
        job = flink.submit(env);
    }

    private Map<String, FaultController.Fault> faultScenarios() {
        Map<String, FaultController.Fault> scenarios = new LinkedHashMap<>();
        scenarios.put("kill-binlog", FaultController.Fault.momentary(
                "KILL the job's binlog connection on MariaDB (the job reconnects by itself)", this::killBinlogConnection));
        scenarios.put("stall-sink", FaultController.Fault.lasting(
                "slow the Kafka sink down so Debezium's queue backs up", () -> SinkStall.on(500), SinkStall::off));
        scenarios.put("pause-consumer", FaultController.Fault.lasting(
                "pause consumer group '" + ANALYTICS_GROUP + "' so its lag grows",
                () -> consumers.pause(ANALYTICS_GROUP), () -> consumers.resume(ANALYTICS_GROUP)));
        scenarios.put("stop-load", FaultController.Fault.lasting(
                "stop writing to MariaDB so the source goes idle (no lag alert may fire)", load::pause, load::resume));
        scenarios.put("stop-job", FaultController.Fault.lasting(
                "cancel the CDC job (the dead-man alert fires)", () -> flink.cancel(job), this::submitJob));
        return scenarios;
    }

    /** Kills every binlog dump thread of the CDC user, as an operator or a network fault would. */
    void killBinlogConnection() {
        List<Long> ids = mariaDb.binlogDumpThreadIds();
        if (ids.isEmpty()) {
            throw new IllegalStateException("the job has no binlog connection to kill right now");
        }
        ids.forEach(id -> mariaDb.execute("KILL " + id));
    }

    private String engineConfig(int port) {
        return """
                server:
                  host: 127.0.0.1
                  port: %d
                data-dir: %s
                auth:
                  ingest-token: %s
                  admin-token: %s
                evaluation:
                  interval: 1s
                lineage:
                  clusters:
                    - name: demo
                      bootstrap-servers: %s
                      poll-interval: 1s
                notify:
                  external_url: http://127.0.0.1:%d
                  allowed_hosts: [127.0.0.1]
                receivers:
                  - name: oncall
                    dingtalk_configs:
                      - webhook_url: %s
                        secret: %s
                        at_mobiles: ['13800000000']
                    webhook_configs:
                      - url: %s
                route:
                  receiver: oncall
                  group_by: [alertname, job, table, group]
                  group_wait: 1s
                  group_interval: 5s
                  repeat_interval: 1h
                """.formatted(port, workDir.resolve("engine"), ingestToken, adminToken, kafka.bootstrapServers(), port,
                dingTalk.webhookUrl(ROBOT_TOKEN), robotSecret, webhook.url("/alerts"));
    }

    private Configuration flinkConfig(String reporterPorts) {
        // Exactly the keys a user writes in flink-conf.yaml. Flink's temporary files (the RPC jar, io and
        // shuffle directories, web uploads) go to the demo's own directory, which close() removes.
        Path flinkTmp = workDir.resolve("flink");
        try {
            Files.createDirectories(flinkTmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + flinkTmp, e);
        }
        Map<String, String> keys = Map.of(
                "io.tmp.dirs", flinkTmp.toString(),
                "web.upload.dir", flinkTmp.resolve("web-upload").toString(),
                "metrics.reporter.cdcwatch.factory.class", "dev.cdcwatch.reporter.CdcWatchReporterFactory",
                "metrics.reporter.cdcwatch.port", reporterPorts,
                "metrics.reporter.cdcwatch.push.url", "http://127.0.0.1:" + engine.port() + "/api/v1/push",
                "metrics.reporter.cdcwatch.push.token", ingestToken,
                "metrics.reporter.cdcwatch.push.interval", "1 s",
                "metrics.reporter.cdcwatch.interval", "1 s");
        return Configuration.fromMap(keys);
    }

    private String jobConfigYaml() {
        return """
                job:
                  name: %s
                source:
                %s
                  databases: [shop, billing]
                  heartbeat-interval: 1s
                  debezium:
                    max.queue.size: '256'
                    max.batch.size: '64'
                sink:
                  bootstrap-servers: %s
                checkpointing:
                  interval: 5s
                """.formatted(JOB_NAME, mariaDb.sourceConnectionYaml(), kafka.bootstrapServers());
    }

    public Engine engine() {
        return engine;
    }

    public DingTalkRobotServer dingTalk() {
        return dingTalk;
    }

    public HttpReceiver webhook() {
        return webhook;
    }

    public String adminToken() {
        return adminToken;
    }

    public FaultController faults() {
        return faults;
    }

    /** Publishes the default rules' thresholds ({@code cdcwatch_rule_threshold}) to the engine. */
    RuleThresholds thresholds() {
        return thresholds;
    }

    /** The robot's signing secret, so a test can check signatures itself. */
    public String robotSecret() {
        return robotSecret;
    }

    /** The port the reporter's Prometheus endpoint is bound to, as it told the engine with its first push. */
    public int reporterPort() {
        return reporterPort;
    }

    /** The demo's own temporary directory; close() removes it and everything in it. */
    Path workDir() {
        return workDir;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    @Override
    public synchronized void close() {
        closed = true;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("demo: stopping a component failed: " + e.getMessage());
            }
        }
        // Last, and on every close: a component that ended its start after an earlier close may have left files here.
        try {
            TempDirs.delete(workDir);
        } catch (RuntimeException e) {
            System.err.println("demo: cannot remove " + workDir + ": " + e.getMessage());
        }
    }
}

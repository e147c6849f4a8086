package dev.cdcwatch.reporter;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.reporter.support.Exposition;
import dev.cdcwatch.reporter.support.PushedBatches;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The shaded jar in a {@code plugins/cdc-watch/} folder, found by Flink's plugin mechanism as in a user's
 * installation. Run by Failsafe after {@code package}; the reporter's classes are not on this test's class path,
 * so Flink can only have found the reporter in the plugins folder.
 */
class PluginLoadingIT {

    private static final String FACTORY = "dev.cdcwatch.reporter.CdcWatchReporterFactory";

    @Test
    void theShadedJarCarriesItsDependenciesRelocatedAndNoFlinkClasses() throws Exception {
        try (JarFile jar = new JarFile(pluginJar().toFile())) {
            List<String> entries = jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();

            assertThat(entries).contains("dev/cdcwatch/reporter/CdcWatchReporterFactory.class");
            assertThat(entries).noneMatch(name -> name.startsWith("org/apache/flink/") || name.startsWith("org/slf4j/"));
            assertThat(entries).noneMatch(name -> name.startsWith("io/prometheus/") || name.startsWith("com/fasterxml/"));
            assertThat(entries).anyMatch(name -> name.startsWith("dev/cdcwatch/reporter/shaded/io/prometheus/client/"));
            assertThat(entries).anyMatch(name -> name.startsWith("dev/cdcwatch/reporter/shaded/com/fasterxml/jackson/core/"));
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory"))
                    .readAllBytes()).trim()).isEqualTo(FACTORY);
        }
    }

    @Test
    void flinkLoadsTheReporterFromThePluginsFolder() throws Exception {
        assertThatThrownBy(() -> Class.forName(FACTORY)).as("the reporter must not be on the test class path")
                .isInstanceOf(ClassNotFoundException.class);
        Path pluginsDir = Path.of(System.getenv("FLINK_PLUGINS_DIR"));
        Path pluginDir = Files.createDirectories(pluginsDir.resolve("cdc-watch"));
        Files.copy(pluginJar(), pluginDir.resolve(pluginJar().getFileName()), StandardCopyOption.REPLACE_EXISTING);

        int port = FreePorts.find();
        HttpReceiver engine = HttpReceiver.start();
        Configuration flinkConf = new Configuration();
        flinkConf.setString("metrics.reporter.cdcwatch.factory.class", FACTORY);
        flinkConf.setString("metrics.reporter.cdcwatch.port", Integer.toString(port));
        flinkConf.setString("metrics.reporter.cdcwatch.host", "127.0.0.1");
        // Pushing runs the relocated codec and the JDK client from the plugin's class loader.
        flinkConf.setString("metrics.reporter.cdcwatch.push.url", engine.url("/api/v1/push"));
        flinkConf.setString("metrics.reporter.cdcwatch.push.interval", "200 ms");
        flinkConf.set(RestOptions.BIND_PORT, "0");
        flinkConf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        // Flink's entry points (JobManager and TaskManager processes) build their plugin manager exactly so, from
        // FLINK_PLUGINS_DIR; a MiniCluster is only given one when asked.
        try (engine; MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(flinkConf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .setPluginManager(PluginUtils.createPluginManagerFromRootFolder(flinkConf))
                .build())) {
            flink.start();
            Configuration pipeline = new Configuration();
            pipeline.set(PipelineOptions.NAME, "plugin-job");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(pipeline);
            env.fromSequence(0, Long.MAX_VALUE).map(PluginLoadingIT::slowly).sinkTo(new DiscardingSink<>());
            JobID job = flink.submitJob(env.getStreamGraph().getJobGraph()).get(60, TimeUnit.SECONDS).getJobID();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Exposition scrape = Exposition.scrape(port);
                assertThat(scrape.samples(MetricCatalog.OPERATOR_RECORDS_OUT.name()))
                        .anySatisfy(sample -> {
                            assertThat(sample.labels()).containsEntry("job", "plugin-job");
                            assertThat(sample.value()).isGreaterThan(0);
                        });
                assertThat(scrape.type(MetricCatalog.OPERATOR_RECORDS_OUT.name())).contains("counter");
                assertThat(scrape.samples(MetricCatalog.JOB_UPTIME.name())).isNotEmpty();
                assertThat(scrape.samples(MetricCatalog.REPORTER_SERIES.name())).isNotEmpty();
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<ReceivedRequest> pushes = engine.requests();
                assertThat(pushes).isNotEmpty();
                PushBatch batch = PushedBatches.decode(pushes.get(pushes.size() - 1));
                assertThat(batch.samples()).anySatisfy(sample -> {
                    assertThat(sample.name()).isEqualTo(MetricCatalog.OPERATOR_RECORDS_OUT.name());
                    assertThat(sample.labels()).containsEntry("job", "plugin-job");
                });
            });
            flink.cancelJob(job).get(60, TimeUnit.SECONDS);
        }
    }

    private static Long slowly(Long value) throws InterruptedException {
        Thread.sleep(1);
        return value;
    }

    private static Path pluginJar() {
        Path jar = Path.of(System.getProperty("cdcwatch.plugin.jar"));
        assertThat(jar).as("the plugin jar, built by package").exists();
        return jar;
    }
}

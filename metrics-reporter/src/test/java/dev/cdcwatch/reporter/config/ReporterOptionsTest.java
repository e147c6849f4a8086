package dev.cdcwatch.reporter.config;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReporterOptionsTest {

    @Test
    void defaultsAreThoseTheReadmeDocuments() {
        ReporterOptions options = ReporterOptions.parse(properties());

        assertThat(options.ports().ports()).first().isEqualTo(9250);
        assertThat(options.ports().ports()).last().isEqualTo(9260);
        assertThat(options.push()).isEmpty();
        assertThat(options.host()).as("every interface").isEmpty();
        assertThat(ReporterOptions.parse(properties("push.url", "http://127.0.0.1:1/push")).push().orElseThrow().format())
                .isEqualTo(PushFormat.BINARY);
        assertThat(options.labels()).hasToString("job,host,task,operator,subtask,*");
        assertThat(options.reports("flink_taskmanager_Status_JVM_CPU_Load")).isTrue();
        assertThat(CdcWatchReporterOptions.all()).extracting(ReporterOption::key).doesNotHaveDuplicates()
                .contains("port", "push.url", "push.token", "push.interval", "push.buffer.batches", "push.timeout", "push.format", "push.exclude",
                        "labels", "include", "exclude");
    }

    @Test
    void everyOptionIsParsedIntoItsType() {
        ReporterOptions options = ReporterOptions.parse(properties(
                "port", "9300-9302,9400",
                "host", "127.0.0.1",
                "push.url", "https://engine.example:8443/api/v1/push",
                "push.token", "t0ken",
                "push.interval", "250 ms",
                "push.buffer.batches", "7",
                "push.timeout", "2s",
                "push.backoff.max", "1 min",
                "push.format", "JSON",
                "push.exclude", "cdc_debezium_.*",
                "labels", "job,subtask,database",
                "include", "cdc_.*",
                "exclude", ""));

        assertThat(options.ports().ports()).containsExactly(9300, 9301, 9302, 9400);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        ReporterOptions.Push push = options.push().orElseThrow();
        assertThat(push.url()).isEqualTo(URI.create("https://engine.example:8443/api/v1/push"));
        assertThat(push.token()).contains("t0ken");
        assertThat(push.interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(push.bufferBatches()).isEqualTo(7);
        assertThat(push.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(push.backoffMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(push.format()).isEqualTo(PushFormat.JSON);
        assertThat(push.pushes("cdc_debezium_connected")).isFalse();
        assertThat(push.pushes("flink_taskmanager_Status_JVM_CPU_Load")).isTrue();
        assertThat(options.reports("cdc_source_idle_time_milliseconds")).isTrue();
        assertThat(options.reports("flink_taskmanager_job_task_numRecordsInPerSecond")).isFalse();
    }

    @Test
    void theTokenNeverAppearsInTheOptionsText() {
        ReporterOptions options = ReporterOptions.parse(properties("push.url", "http://user:pw@127.0.0.1:1/push", "push.token", "very-secret"));

        assertThat(options.push().orElseThrow().toString()).doesNotContain("very-secret").doesNotContain("pw").contains("token set");
        assertThat(options.toString()).doesNotContain("very-secret");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            port                | 92x0                 | port: '92x0' is not a port or port range such as 9250 or 9250-9260
            port                | 9260-9250            | port: range '9260-9250' ends before it starts
            port                | 70000                | port: port 70000 is outside 0-65535
            port                | 9250,,9251           | port: '9250,,9251' has an empty entry
            host                | my/host              | host: must be an address or host name such as 127.0.0.1, got 'my/host'
            push.url            | ftp://engine/push    | push.url: 'ftp://engine/push' is not an http or https URL
            push.url            | http://              | push.url: is not a URL
            push.interval       | 1 fortnight          | push.interval: '1 fortnight' is not a duration such as 500 ms, 1 s or 2 min
            push.interval       | 0 ms                 | push.interval: must be longer than 0
            push.timeout        | soon                 | push.timeout: 'soon' is not a duration
            push.backoff.max    | -1 s                 | push.backoff.max: '-1 s' is not a duration
            push.buffer.batches | 0                    | push.buffer.batches: must be at least 1, is 0
            push.buffer.batches | many                 | push.buffer.batches: 'many' is not a whole number
            push.format         | protobuf             | push.format: 'protobuf' is not one of binary, json
            labels              | job,job              | labels: 'job' is listed twice
            labels              | job,my-table         | labels: 'my-table' is not a valid Prometheus label name
            labels              | <job_id>             | labels: write 'job_id' rather than the scope variable '<job_id>'
            include             | flink_(              | include: 'flink_(' is not a regular expression
            exclude             | [a-                  | exclude: '[a-' is not a regular expression
            """)
    void aBadValueFailsNamingTheKey(String key, String value, String message) {
        Properties properties = properties(key, value);
        if (key.startsWith("push.") && !key.equals("push.url")) {
            properties.setProperty("push.url", "http://127.0.0.1:1/push");
        }
        assertThatThrownBy(() -> ReporterOptions.parse(properties))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("cdc-watch reporter option '" + key + "' (metrics.reporter.<name>." + key + "): "
                        + message.substring(message.indexOf(": ") + 2));
    }

    @Test
    void pushOptionsAreCheckedEvenWhilePushIsOff() {
        assertThatThrownBy(() -> ReporterOptions.parse(properties("push.interval", "1 fortnight")))
                .hasMessageContaining("'push.interval'");
        assertThatThrownBy(() -> ReporterOptions.parse(properties("push.format", "xml")))
                .hasMessageContaining("'push.format'");
    }

    @Test
    void unknownKeysAreReportedButFlinksOwnAreNot() {
        ReporterOptions options = ReporterOptions.parse(properties(
                "factory.class", "dev.cdcwatch.reporter.CdcWatchReporterFactory", "interval", "10 s",
                "scope.variables.excludes", "tm_id", "push.intreval", "1 s"));

        assertThat(options.unknownKeys()).containsExactly("push.intreval");
    }

    @Test
    void theDefaultExcludeDropsFloodsButNoCatalogMetric() {
        ReporterOptions options = ReporterOptions.parse(properties());

        assertThat(MetricCatalog.all()).extracting(MetricDefinition::name).allSatisfy(name -> assertThat(options.reports(name)).as(name).isTrue());
        assertThat(List.of(
                "flink_taskmanager_job_task_Shuffle_Netty_Input_Buffers_inPoolUsage",
                "flink_taskmanager_job_task_buffers_inputQueueLength",
                "flink_taskmanager_job_task_operator_KafkaProducer_record_send_rate",
                "flink_taskmanager_job_task_mailboxLatencyMs",
                "flink_taskmanager_job_task_mailboxMs",
                "flink_taskmanager_job_task_operator_numRecordsOutPerSecond"))
                .allSatisfy(name -> assertThat(options.reports(name)).as(name).isFalse());
        assertThat(options.reports("flink_taskmanager_Status_JVM_Memory_Heap_Used")).isTrue();
        assertThat(options.reports("flink_taskmanager_job_task_numRecordsIn_total")).isTrue();
    }

    @Test
    void theDefaultPushExcludeKeepsScopeNamedFlinkMetricsOutOfThePushButNoCatalogMetric() {
        ReporterOptions.Push push = ReporterOptions.parse(properties("push.url", "http://127.0.0.1:1/push")).push().orElseThrow();

        assertThat(MetricCatalog.all()).extracting(MetricDefinition::name).allSatisfy(name -> assertThat(push.pushes(name)).as(name).isTrue());
        assertThat(List.of("flink_taskmanager_Status_JVM_CPU_Load", "flink_jobmanager_Status_JVM_Memory_Heap_Used",
                "flink_taskmanager_Status_JVM_GarbageCollector_G1_Young_Generation_Count",
                "flink_taskmanager_job_task_numRecordsIn_total", "flink_taskmanager_job_task_operator_currentOutputWatermark",
                "flink_jobmanager_job_lastCheckpointSize", "flink_jobmanager_numRunningJobs"))
                .allSatisfy(name -> assertThat(push.pushes(name)).as(name).isFalse());
        assertThat(ReporterOptions.parse(properties("push.url", "http://127.0.0.1:1/push", "push.exclude", "")).push().orElseThrow()
                .pushes("flink_taskmanager_Status_JVM_CPU_Load")).as("empty pushes everything").isTrue();
    }

    @Test
    void aBadPushExcludeIsRefusedNamingTheKeyEvenWithPushOff() {
        assertThatThrownBy(() -> ReporterOptions.parse(properties("push.exclude", "flink_(")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("push.exclude");
    }

    @Test
    void anEmptyExcludeReportsEverything() {
        assertThat(ReporterOptions.parse(properties("exclude", "")).reports("flink_taskmanager_job_task_mailboxMs")).isTrue();
    }

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }
}

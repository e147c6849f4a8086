package dev.cdcwatch.catalog.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cdcwatch.catalog.metrics.Labels.CLUSTER;
import static dev.cdcwatch.catalog.metrics.Labels.DATABASE;
import static dev.cdcwatch.catalog.metrics.Labels.GROUP;
import static dev.cdcwatch.catalog.metrics.Labels.JOB;
import static dev.cdcwatch.catalog.metrics.Labels.JOB_SCOPE;
import static dev.cdcwatch.catalog.metrics.Labels.OPERATOR_SCOPE;
import static dev.cdcwatch.catalog.metrics.Labels.PARTITION;
import static dev.cdcwatch.catalog.metrics.Labels.RESULT;
import static dev.cdcwatch.catalog.metrics.Labels.TABLE;
import static dev.cdcwatch.catalog.metrics.Labels.TASK_SCOPE;
import static dev.cdcwatch.catalog.metrics.Labels.TOPIC;
import static dev.cdcwatch.catalog.metrics.MetricType.COUNTER;
import static dev.cdcwatch.catalog.metrics.MetricType.GAUGE;

/**
 * Every metric cdc-watch emits or reads. The reporter, the default rules and the dashboards take
 * names from here, and tests check them against it, so a renamed metric breaks the build rather
 * than a dashboard.
 */
public final class MetricCatalog {

    private static final String JOB_SCOPE_PREFIX = "jobmanager.job.";
    private static final String TASK_SCOPE_PREFIX = "taskmanager.job.task.";
    private static final String OPERATOR_SCOPE_PREFIX = "taskmanager.job.task.operator.";

    // Flink: job health (JobManager, job scope)
    public static final MetricDefinition JOB_UPTIME = flink("flink_job_uptime_milliseconds", GAUGE, "milliseconds", JOB_SCOPE,
            "Time the job has been running since it last (re)started; 0 or -1 while it is not running", JOB_SCOPE_PREFIX + "uptime");
    public static final MetricDefinition JOB_RESTARTS = flink("flink_job_restarts", GAUGE, "restarts", JOB_SCOPE,
            "Restarts of the job since it was submitted (Flink's numRestarts)", JOB_SCOPE_PREFIX + "numRestarts");
    public static final MetricDefinition JOB_CHECKPOINTS_FAILED = flink("flink_job_checkpoints_failed", GAUGE, "checkpoints", JOB_SCOPE,
            "Failed checkpoints since the job started (Flink's numberOfFailedCheckpoints)", JOB_SCOPE_PREFIX + "numberOfFailedCheckpoints");
    public static final MetricDefinition JOB_CHECKPOINTS_COMPLETED = flink("flink_job_checkpoints_completed", GAUGE, "checkpoints", JOB_SCOPE,
            "Completed checkpoints since the job started", JOB_SCOPE_PREFIX + "numberOfCompletedCheckpoints");
    public static final MetricDefinition JOB_LAST_CHECKPOINT_DURATION = flink("flink_job_last_checkpoint_duration_milliseconds", GAUGE,
            "milliseconds", JOB_SCOPE, "Duration of the last completed checkpoint", JOB_SCOPE_PREFIX + "lastCheckpointDuration");

    // Flink: task and operator throughput and health
    public static final MetricDefinition TASK_BACKPRESSURED_TIME = flink("flink_task_backpressured_milliseconds_per_second", GAUGE,
            "milliseconds/second", TASK_SCOPE, "Time per second the task was back-pressured", TASK_SCOPE_PREFIX + "backPressuredTimeMsPerSecond");
    public static final MetricDefinition TASK_BUSY_TIME = flink("flink_task_busy_milliseconds_per_second", GAUGE,
            "milliseconds/second", TASK_SCOPE, "Time per second the task was busy", TASK_SCOPE_PREFIX + "busyTimeMsPerSecond");
    public static final MetricDefinition OPERATOR_RECORDS_IN = flink("flink_operator_records_in_total", COUNTER, "records", OPERATOR_SCOPE,
            "Records the operator received", OPERATOR_SCOPE_PREFIX + "numRecordsIn");
    public static final MetricDefinition OPERATOR_RECORDS_OUT = flink("flink_operator_records_out_total", COUNTER, "records", OPERATOR_SCOPE,
            "Records the operator emitted", OPERATOR_SCOPE_PREFIX + "numRecordsOut");
    public static final MetricDefinition SINK_SEND_ERRORS = flink("flink_sink_record_send_errors_total", COUNTER, "records", OPERATOR_SCOPE,
            "Records the sink failed to send (Kafka sink errors)", OPERATOR_SCOPE_PREFIX + "numRecordsSendErrors");

    // Flink CDC: MySQL source lag and idleness
    public static final MetricDefinition SOURCE_EMIT_LAG = cdc("cdc_source_emit_event_time_lag_milliseconds",
            "Time from the change in MySQL (binlog event time) to the record leaving the source (Flink's currentEmitEventTimeLag)",
            "currentEmitEventTimeLag");
    public static final MetricDefinition SOURCE_FETCH_LAG = cdc("cdc_source_fetch_event_time_lag_milliseconds",
            "Time from the change in MySQL to the source fetching it from the binlog (Flink CDC's currentFetchEventTimeLag)",
            "currentFetchEventTimeLag");
    public static final MetricDefinition SOURCE_IDLE_TIME = cdc("cdc_source_idle_time_milliseconds",
            "Time since the source last emitted a record (Flink's sourceIdleTime)", "sourceIdleTime");

    // The reference job's Debezium probes (operator scope, group "debezium")
    public static final MetricDefinition DEBEZIUM_CONNECTED = probe("cdc_debezium_connected", GAUGE, "1",
            "1 while the binlog client is connected to MySQL, else 0", "connected");
    public static final MetricDefinition DEBEZIUM_DISCONNECTS = probe("cdc_debezium_disconnects_total", COUNTER, "disconnects",
            "Binlog connections lost since the subtask started, across reader re-creation", "disconnects");
    public static final MetricDefinition DEBEZIUM_QUEUE_TOTAL_CAPACITY = probe("cdc_debezium_queue_total_capacity", GAUGE, "events",
            "Capacity of Debezium's change event queue", "queueTotalCapacity");
    public static final MetricDefinition DEBEZIUM_QUEUE_REMAINING_CAPACITY = probe("cdc_debezium_queue_remaining_capacity", GAUGE, "events",
            "Free slots in Debezium's change event queue; falls toward 0 under back-pressure", "queueRemainingCapacity");
    public static final MetricDefinition DEBEZIUM_QUEUE_DEPTH = probe("cdc_debezium_queue_depth", GAUGE, "events",
            "Events waiting in Debezium's change event queue", "queueDepth");
    public static final MetricDefinition DEBEZIUM_EVENTS_SEEN = probe("cdc_debezium_events_seen_total", COUNTER, "events",
            "Binlog events Debezium has seen", "eventsSeen");
    public static final MetricDefinition DEBEZIUM_EVENTS_FILTERED = probe("cdc_debezium_events_filtered_total", COUNTER, "events",
            "Binlog events Debezium filtered out (tables not captured)", "eventsFiltered");
    public static final MetricDefinition DEBEZIUM_EVENTS_SKIPPED = probe("cdc_debezium_events_skipped_total", COUNTER, "events",
            "Binlog events Debezium skipped", "eventsSkipped");
    public static final MetricDefinition DEBEZIUM_EVENTS_ERRONEOUS = probe("cdc_debezium_events_erroneous_total", COUNTER, "events",
            "Binlog events Debezium could not process", "eventsErroneous");
    public static final MetricDefinition DEBEZIUM_MILLIS_SINCE_LAST_EVENT = probe("cdc_debezium_milliseconds_since_last_event", GAUGE,
            "milliseconds", "Time since Debezium last saw a binlog event", "millisecondsSinceLastEvent");
    public static final MetricDefinition DEBEZIUM_MILLIS_BEHIND_SOURCE = probe("cdc_debezium_milliseconds_behind_source", GAUGE,
            "milliseconds", "Time between the last event's timestamp in MySQL and Debezium processing it", "millisecondsBehindSource");
    public static final MetricDefinition DEBEZIUM_BINLOG_FILE_NUMBER = probe("cdc_debezium_binlog_file_number", GAUGE, "1",
            "Sequence number of the binlog file being read (mysql-bin.000042 is 42)", "binlogFileNumber");
    public static final MetricDefinition DEBEZIUM_BINLOG_POSITION = probe("cdc_debezium_binlog_position", GAUGE, "bytes",
            "Position being read within the current binlog file", "binlogPosition");
    public static final MetricDefinition DEBEZIUM_BINLOG_POSITION_LAG = probe("cdc_debezium_binlog_position_lag_bytes", GAUGE, "bytes",
            "Bytes of binlog between the server's current position and the position being read", "binlogPositionLagBytes");
    public static final MetricDefinition DEBEZIUM_GTID_MODE = probe("cdc_debezium_gtid_mode", GAUGE, "1",
            "1 when the source reads with GTIDs, else 0", "gtidMode");
    public static final MetricDefinition DEBEZIUM_SNAPSHOT_RUNNING = probe("cdc_debezium_snapshot_running", GAUGE, "1",
            "1 while the subtask reads snapshot splits", "snapshotRunning");
    public static final MetricDefinition DEBEZIUM_BINLOG_READING = probe("cdc_debezium_binlog_reading", GAUGE, "1",
            "1 while the subtask reads the binlog", "binlogReading");

    // The reference job's route (lineage) counter: table -> topic
    public static final MetricDefinition ROUTE_RECORDS = new MetricDefinition("cdc_route_records_total", COUNTER, "records",
            concat(OPERATOR_SCOPE, List.of(DATABASE, TABLE, TOPIC)),
            "Change records routed from a table to a topic; how the engine learns table -> topic", Origin.CDC_JOB,
            Optional.of(OPERATOR_SCOPE_PREFIX + "cdcwatch.database.table.topic.routedRecords"));

    // Lineage collector: consumer groups read from Kafka
    public static final MetricDefinition CONSUMER_LAG_RECORDS = lineage("cdc_consumer_group_lag_records", "records",
            List.of(CLUSTER, GROUP, TOPIC, PARTITION), "Records between the group's committed offset and the log end offset");
    public static final MetricDefinition CONSUMER_LAG_SECONDS = lineage("cdc_consumer_group_lag_seconds", "seconds",
            List.of(CLUSTER, GROUP, TOPIC, PARTITION), "Estimated age of the first record the group has not consumed; 0 when caught up");
    public static final MetricDefinition CONSUMER_GROUP_STATUS = lineage("cdc_consumer_group_status", "1",
            List.of(CLUSTER, GROUP), "Burrow-style group status: 0 OK, 1 WARN, 2 STALL, 3 STOP, 4 REWIND");
    public static final MetricDefinition LINEAGE_POLL_ERRORS = new MetricDefinition("cdc_lineage_poll_errors_total", COUNTER, "polls",
            List.of(CLUSTER), "Failed polls of a Kafka cluster's consumer groups and offsets", Origin.LINEAGE, Optional.empty());
    public static final MetricDefinition LINEAGE_CLUSTER_UP = lineage("cdc_lineage_cluster_up", "1", List.of(CLUSTER),
            "1 when the last poll of the Kafka cluster succeeded, else 0");

    // Reporter health
    public static final MetricDefinition REPORTER_PUSHES = reporter("cdcwatch_reporter_pushes_total", COUNTER, "pushes",
            List.of(JOB, Labels.HOST, RESULT), "Pushes to the alert engine by result (ok, failed)");
    public static final MetricDefinition REPORTER_BATCHES_DROPPED = reporter("cdcwatch_reporter_batches_dropped_total", COUNTER, "batches",
            List.of(JOB, Labels.HOST), "Batches dropped because the push buffer was full (oldest first)");
    public static final MetricDefinition REPORTER_PUSH_LATENCY = reporter("cdcwatch_reporter_last_push_latency_milliseconds", GAUGE,
            "milliseconds", List.of(JOB, Labels.HOST), "Latency of the last successful push");
    public static final MetricDefinition REPORTER_SERIES = reporter("cdcwatch_reporter_series", GAUGE, "series",
            List.of(JOB, Labels.HOST), "Series the reporter currently exposes and pushes");
    public static final MetricDefinition REPORTER_BUFFERED_BATCHES = reporter("cdcwatch_reporter_buffered_batches", GAUGE, "batches",
            List.of(JOB, Labels.HOST), "Push batches waiting to be sent; at most push.buffer.batches, so memory stays bounded while the engine is down");
    public static final MetricDefinition REPORTER_BUFFERED_BYTES = reporter("cdcwatch_reporter_buffered_bytes", GAUGE, "bytes",
            List.of(JOB, Labels.HOST), "Compressed size of the push batches waiting to be sent");

    private static final Map<String, MetricDefinition> BY_NAME = index();

    private MetricCatalog() {
    }

    /** Every metric, in catalog order. */
    public static List<MetricDefinition> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<MetricDefinition> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The catalog entry of a Flink metric, by its logical scope and name. */
    public static Optional<MetricDefinition> byFlinkLogicalName(String logicalName) {
        return BY_NAME.values().stream()
                .filter(definition -> definition.flinkLogicalName().filter(logicalName::equals).isPresent())
                .findFirst();
    }

    private static Map<String, MetricDefinition> index() {
        Map<String, MetricDefinition> byName = new LinkedHashMap<>();
        for (java.lang.reflect.Field field : MetricCatalog.class.getDeclaredFields()) {
            if (field.getType() == MetricDefinition.class) {
                try {
                    MetricDefinition definition = (MetricDefinition) field.get(null);
                    if (byName.put(definition.name(), definition) != null) {
                        throw new IllegalStateException("metric " + definition.name() + " is defined twice");
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    private static MetricDefinition flink(String name, MetricType type, String unit, List<String> labels, String help, String logicalName) {
        return new MetricDefinition(name, type, unit, labels, help, Origin.FLINK, Optional.of(logicalName));
    }

    private static MetricDefinition cdc(String name, String help, String flinkName) {
        return new MetricDefinition(name, GAUGE, "milliseconds", OPERATOR_SCOPE, help, Origin.FLINK_CDC,
                Optional.of(OPERATOR_SCOPE_PREFIX + flinkName));
    }

    private static MetricDefinition probe(String name, MetricType type, String unit, String help, String flinkName) {
        return new MetricDefinition(name, type, unit, OPERATOR_SCOPE, help, Origin.CDC_JOB,
                Optional.of(OPERATOR_SCOPE_PREFIX + "debezium." + flinkName));
    }

    private static MetricDefinition lineage(String name, String unit, List<String> labels, String help) {
        return new MetricDefinition(name, GAUGE, unit, labels, help, Origin.LINEAGE, Optional.empty());
    }

    private static MetricDefinition reporter(String name, MetricType type, String unit, List<String> labels, String help) {
        return new MetricDefinition(name, type, unit, labels, help, Origin.REPORTER, Optional.empty());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}

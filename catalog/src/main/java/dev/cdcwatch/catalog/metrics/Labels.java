package dev.cdcwatch.catalog.metrics;

import java.util.List;

/**
 * The label names of the catalog. They are stable and low-cardinality: no job ids, attempt numbers
 * or TaskManager ids, which change on every restart and explode the number of series.
 */
public final class Labels {

    /** The Flink job's name. */
    public static final String JOB = "job";
    /** Host of the JobManager or TaskManager that reports. */
    public static final String HOST = "host";
    /** Flink subtask index. */
    public static final String SUBTASK = "subtask";
    /** Flink task (vertex) name. */
    public static final String TASK = "task";
    /** Flink operator name, e.g. {@code Source:_mysql-cdc}. */
    public static final String OPERATOR = "operator";
    public static final String DATABASE = "database";
    public static final String TABLE = "table";
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    /** Kafka consumer group. */
    public static final String GROUP = "group";
    /** Name of the Kafka cluster as configured in the engine. */
    public static final String CLUSTER = "cluster";
    /** Outcome of an operation, e.g. {@code ok} or {@code failed}. */
    public static final String RESULT = "result";

    static final List<String> JOB_SCOPE = List.of(JOB, HOST);
    static final List<String> TASK_SCOPE = List.of(JOB, HOST, TASK, SUBTASK);
    static final List<String> OPERATOR_SCOPE = List.of(JOB, HOST, TASK, OPERATOR, SUBTASK);

    private Labels() {
    }
}

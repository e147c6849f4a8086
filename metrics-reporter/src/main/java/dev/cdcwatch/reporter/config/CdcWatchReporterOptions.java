package dev.cdcwatch.reporter.config;

import java.util.List;

/** Every option of the cdc-watch reporter with its default. The README lists the same. */
public final class CdcWatchReporterOptions {

    public static final ReporterOption PORT = new ReporterOption("port", "9250-9260",
            "Port of the Prometheus endpoint (/metrics): one port, a range such as 9250-9260, or a comma-separated list of both."
                    + " The first free one is taken, so several TaskManagers on one host each get their own; 0 picks any free port.");
    public static final ReporterOption HOST = new ReporterOption("host", "",
            "Address the Prometheus endpoint binds: empty for every interface, as Flink's Prometheus reporter; 127.0.0.1 keeps it"
                    + " on loopback.");
    public static final ReporterOption PUSH_URL = new ReporterOption("push.url", "",
            "The alert engine's push URL, e.g. http://engine:8080/api/v1/push. Push is off while this is unset.");
    public static final ReporterOption PUSH_TOKEN = new ReporterOption("push.token", "",
            "API token sent as 'Authorization: Bearer <token>'. Never logged.");
    public static final ReporterOption PUSH_INTERVAL = new ReporterOption("push.interval", "1 s",
            "How often a batch of all samples is taken and queued for the engine; independent of Flink's 'interval'.");
    public static final ReporterOption PUSH_BUFFER_BATCHES = new ReporterOption("push.buffer.batches", "60",
            "Batches kept while the engine is unreachable. When full the oldest is dropped and"
                    + " cdcwatch_reporter_batches_dropped_total counts it, so memory stays bounded however long the engine is down.");
    public static final ReporterOption PUSH_TIMEOUT = new ReporterOption("push.timeout", "5 s",
            "Connect timeout of one push, and how long it waits for the answer.");
    public static final ReporterOption PUSH_BACKOFF_MAX = new ReporterOption("push.backoff.max", "10 s",
            "Longest wait between retries of a failing push; waits start at min(push.interval, 1 s) and double.");
    public static final ReporterOption PUSH_FORMAT = new ReporterOption("push.format", "binary",
            "Format of push batches: 'binary' (the catalog's version 2: about 10x smaller before gzip, and the engine reads it"
                    + " several times faster) or 'json' (version 1: readable, for hand-written pushers and debugging).");
    public static final ReporterOption PUSH_EXCLUDE = new ReporterOption("push.exclude", MetricFilterDefaults.PUSH_EXCLUDE,
            "Regular expression; reported metrics whose exposed name matches it in full are on /metrics but not pushed. The"
                    + " default pushes the catalog's metrics (cdc_*, flink_job_*, flink_task_*, flink_operator_*, flink_sink_*) and the"
                    + " reporter's health, and leaves Flink's metrics under their scope names (flink_jobmanager_*,"
                    + " flink_taskmanager_*: JVM, task I/O, checkpoint details) to Prometheus: the engine's rules do not read"
                    + " them, and reading them every second costs the job. Set it to an empty value to push every reported metric.");
    public static final ReporterOption LABELS = new ReporterOption("labels", "job,host,task,operator,subtask,*",
            "Labels taken from Flink's scope variables, in this order: job, host, task, operator, subtask, job_id, tm_id,"
                    + " task_id, task_attempt_id, task_attempt_num, operator_id; any other name is the key of a user"
                    + " key/value metric group (e.g. database); '*' stands for every user key/value group.");
    public static final ReporterOption INCLUDE = new ReporterOption("include", ".*",
            "Regular expression a metric's exposed name (as on /metrics, counters with _total) must match in full to be reported.");
    public static final ReporterOption EXCLUDE = new ReporterOption("exclude", MetricFilterDefaults.EXCLUDE,
            "Regular expression; metrics whose exposed name matches it in full are not reported. The default drops Flink's"
                    + " per-channel network, mailbox and Kafka-client metrics and the PerSecond meters (rate() the counters instead);"
                    + " no catalog metric matches it. Set it to an empty value to report everything.");

    /** Keys Flink itself reads under {@code metrics.reporter.<name>.}; not ours, but not typos either. */
    public static final List<String> FLINK_KEYS = List.of("factory.class", "class", "interval", "scope.delimiter",
            "scope.variables.excludes", "scope.variables.additional", "filter.includes", "filter.excludes");

    private CdcWatchReporterOptions() {
    }

    public static List<ReporterOption> all() {
        return List.of(PORT, HOST, PUSH_URL, PUSH_TOKEN, PUSH_INTERVAL, PUSH_BUFFER_BATCHES, PUSH_TIMEOUT, PUSH_BACKOFF_MAX,
                PUSH_FORMAT, PUSH_EXCLUDE, LABELS, INCLUDE, EXCLUDE);
    }
}

package dev.cdcwatch.bench.job;

import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A variant's job in one round: the MariaDB server it reads, the topic it writes and the threads the job started
 * (besides those its cluster started).
 */
record Lane(Variant variant, MariaDbServer server, long mariadbPid, String topic, JobID job, Set<Long> jobThreads) {

    // Threads the reporter starts when it first needs them (push HTTP pool, the JDK HTTP client it pushes with, the
    // /metrics server's handlers): found by name, as they may start after the cluster has started.
    private static final Pattern REPORTER_THREADS = Pattern.compile("cdcwatch-(push|metrics-http).*|HttpClient-.*");
    // Threads that do the instrumentation's work off the record path: the reporter's and the probe's.
    private static final Pattern OFF_PATH_THREADS = Pattern.compile("cdcwatch-(push|metrics-http|debezium-probe).*|HttpClient-.*");

    /** Whether this lane's CPU includes thread {@code id} (named {@code name}, null if it has ended). */
    boolean owns(long id, String name) {
        return variant.clusterThreads().contains(id) || jobThreads.contains(id)
                || (variant.instrumented() && name != null && REPORTER_THREADS.matcher(name).matches());
    }

    static boolean offRecordPath(String name) {
        return name != null && OFF_PATH_THREADS.matcher(name).matches();
    }
}

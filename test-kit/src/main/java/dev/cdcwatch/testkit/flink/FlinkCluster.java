package dev.cdcwatch.testkit.flink;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Flink {@link MiniCluster} in this JVM. Its configuration is what a user puts in
 * {@code flink-conf.yaml}, so reporter options are passed exactly as a user would write them.
 */
public final class FlinkCluster implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final String CDCWATCH_REPORTER = "metrics.reporter.cdcwatch.";

    private final MiniCluster miniCluster;

    private FlinkCluster(MiniCluster miniCluster) {
        this.miniCluster = miniCluster;
    }

    public static FlinkCluster start(Configuration userConfig, int slots) {
        Configuration config = new Configuration(userConfig);
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_PORT, "0");
        // Everything else a MiniCluster opens (blob server, RPC, shuffle) binds the wildcard address unless told otherwise.
        config.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        config.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        config.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        config.set(TaskManagerOptions.HOST, "127.0.0.1");
        // A cdc-watch reporter's /metrics too, unless the test chose its host.
        if (config.containsKey(CDCWATCH_REPORTER + "factory.class") && !config.containsKey(CDCWATCH_REPORTER + "host")) {
            config.setString(CDCWATCH_REPORTER + "host", "127.0.0.1");
        }
        MiniClusterConfiguration clusterConfig = new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build();
        MiniCluster miniCluster = new MiniCluster(clusterConfig);
        try {
            miniCluster.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the Flink MiniCluster: " + e.getMessage(), e);
        }
        return new FlinkCluster(miniCluster);
    }

    /** Submits the pipeline built on {@code env} and waits until the job is running. */
    public JobID submit(StreamExecutionEnvironment env) {
        JobGraph jobGraph = env.getStreamGraph().getJobGraph();
        try {
            JobID jobId = miniCluster.submitJob(jobGraph).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getJobID();
            awaitStatus(jobId, JobStatus.RUNNING);
            return jobId;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("job submission failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting a job", e);
        }
    }

    public JobStatus status(JobID jobId) {
        try {
            return miniCluster.getJobStatus(jobId).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the status of job " + jobId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a job status", e);
        }
    }

    public void awaitStatus(JobID jobId, JobStatus expected) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        JobStatus current = status(jobId);
        while (current != expected) {
            if (current.isGloballyTerminalState() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("job " + jobId + " is " + current + ", expected " + expected);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for job " + jobId, e);
            }
            current = status(jobId);
        }
    }

    /** Cancels the job and waits until it has stopped. */
    public void cancel(JobID jobId) {
        try {
            if (!status(jobId).isGloballyTerminalState()) {
                miniCluster.cancelJob(jobId).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            awaitStatus(jobId, JobStatus.CANCELED);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot cancel job " + jobId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling job " + jobId, e);
        }
    }

    @Override
    public void close() {
        try {
            miniCluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the Flink MiniCluster: " + e.getMessage(), e);
        }
    }
}

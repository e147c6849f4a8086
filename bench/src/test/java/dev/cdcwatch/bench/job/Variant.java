package dev.cdcwatch.bench.job;

import dev.cdcwatch.testkit.flink.FlinkCluster;
import org.apache.flink.configuration.Configuration;

import java.util.HashSet;
import java.util.Set;

/**
 * One side of the comparison: its own MiniCluster (1 slot), which runs its job in every round, and the threads that
 * cluster started. {@code instrumented} means probes on and the cdc-watch reporter configured on the cluster.
 */
record Variant(String name, boolean instrumented, FlinkCluster cluster, Set<Long> clusterThreads) implements AutoCloseable {

    static Variant start(String name, boolean instrumented, Configuration flinkConf) {
        Set<Long> before = ThreadCpu.liveThreads();
        FlinkCluster cluster = FlinkCluster.start(flinkConf, 1);
        Set<Long> started = new HashSet<>(ThreadCpu.liveThreads());
        started.removeAll(before);
        return new Variant(name, instrumented, cluster, Set.copyOf(started));
    }

    @Override
    public void close() {
        cluster.close();
    }
}

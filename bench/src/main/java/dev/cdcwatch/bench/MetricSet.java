package dev.cdcwatch.bench;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.executiongraph.ExecutionGraphID;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.MetricRegistryConfiguration;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.ReporterSetup;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerJobMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One metric set registered through Flink's real metric registry and groups, so every reporter attached sees the
 * same metrics, groups, scope variables and logical scopes a TaskManager would hand it: CDC source subtasks
 * (Flink's task and operator IO metrics, source lag gauges, Debezium-style probes) and sink subtasks (route
 * counters in user key/value groups), added until the set holds the target number of metrics.
 */
final class MetricSet implements AutoCloseable {

    private final MetricRegistryImpl registry;
    private final TaskManagerMetricGroup taskManager;
    private final CountingReporter counter = new CountingReporter();

    MetricSet(int target, List<ReporterSetup> reporters) {
        List<ReporterSetup> all = new ArrayList<>(reporters);
        all.add(ReporterSetup.forReporter("count", counter));
        registry = new MetricRegistryImpl(MetricRegistryConfiguration.fromConfiguration(new Configuration(), 10_000_000), all);
        taskManager = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "tm-host-1.cdc.internal", ResourceID.generate());
        TaskManagerJobMetricGroup job = taskManager.addJob(new JobID(), "orders-cdc");
        JobVertexID source = new JobVertexID();
        JobVertexID sink = new JobVertexID();
        ExecutionGraphID graph = new ExecutionGraphID();
        for (int subtask = 0; counter.count() < target; subtask++) {
            TaskMetricGroup sourceTask = job.addTask(new ExecutionAttemptID(graph, new ExecutionVertexID(source, subtask), 0),
                    "Source: mysql-cdc -> drop-heartbeats");
            InternalOperatorMetricGroup cdc = sourceTask.getOrAddOperator(new OperatorID(), "Source: mysql-cdc");
            long base = 1_000L * subtask;
            cdc.gauge("currentEmitEventTimeLag", () -> base + 812L);
            cdc.gauge("currentFetchEventTimeLag", () -> base + 790L);
            cdc.gauge("sourceIdleTime", () -> base + 15L);
            MetricGroup debezium = cdc.addGroup("debezium");
            debezium.gauge("connected", () -> 1);
            debezium.gauge("queueRemainingCapacity", () -> 8192 - (int) (base % 100));
            debezium.gauge("binlogPosition", () -> 4_000_000L + base);
            debezium.counter("eventsSeen", counterAt(123_456 + base));
            sourceTask.getOrAddOperator(new OperatorID(), "drop-heartbeats");

            TaskMetricGroup sinkTask = job.addTask(new ExecutionAttemptID(graph, new ExecutionVertexID(sink, subtask), 0),
                    "kafka-sink: Writer -> kafka-sink: Committer");
            InternalOperatorMetricGroup writer = sinkTask.getOrAddOperator(new OperatorID(), "kafka-sink: Writer");
            sinkTask.getOrAddOperator(new OperatorID(), "kafka-sink: Committer");
            for (int table = 0; table < 4; table++) {
                writer.addGroup("cdcwatch").addGroup("database", "shop").addGroup("table", "table_" + table)
                        .addGroup("topic", "cdc.shop.table_" + table).counter("routedRecords", counterAt(base + table * 7L));
            }
        }
    }

    private static SimpleCounter counterAt(long value) {
        SimpleCounter counter = new SimpleCounter();
        counter.inc(value);
        return counter;
    }

    /** How many metrics were registered. */
    int metrics() {
        return counter.count();
    }

    TaskManagerMetricGroup taskManager() {
        return taskManager;
    }

    @Override
    public void close() throws Exception {
        taskManager.close();
        registry.closeAsync().get();
    }

    static ReporterSetup setup(String name, MetricReporter reporter, java.util.Properties options) {
        MetricConfig config = new MetricConfig();
        config.putAll(options);
        return ReporterSetup.forReporter(name, config, reporter);
    }

    private static final class CountingReporter implements MetricReporter {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void open(MetricConfig config) {
        }

        @Override
        public void close() {
        }

        @Override
        public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
            count.incrementAndGet();
        }

        @Override
        public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
            count.decrementAndGet();
        }

        int count() {
            return count.get();
        }
    }
}

package dev.cdcwatch.reporter.support;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.MetricRegistryConfiguration;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.ReporterSetup;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerJobMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;

import java.util.List;
import java.util.Properties;

/**
 * Flink's real metric registry and groups (TaskManager -> job -> task -> operator) with reporters attached,
 * so reporters see exactly what a TaskManager hands them: front groups, scope variables, logical scopes.
 */
public final class FlinkMetricGroups implements AutoCloseable {

    private final MetricRegistryImpl registry;
    private final TaskManagerMetricGroup taskManager;

    public FlinkMetricGroups(String host, List<NamedReporter> reporters) {
        registry = new MetricRegistryImpl(MetricRegistryConfiguration.fromConfiguration(new Configuration(), 10_000_000),
                reporters.stream().map(r -> ReporterSetup.forReporter(r.name(), r.config(), r.reporter())).toList());
        taskManager = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, host, ResourceID.generate());
    }

    /** A reporter under its flink-conf name, with its {@code metrics.reporter.<name>.*} options. */
    public record NamedReporter(String name, MetricReporter reporter, MetricConfig config) {
        public static NamedReporter of(String name, MetricReporter reporter, Properties options) {
            MetricConfig config = new MetricConfig();
            config.putAll(options);
            return new NamedReporter(name, reporter, config);
        }
    }

    public TaskManagerMetricGroup taskManager() {
        return taskManager;
    }

    public TaskManagerJobMetricGroup job(String name) {
        return taskManager.addJob(new JobID(), name);
    }

    public static TaskMetricGroup task(TaskManagerJobMetricGroup job, String name) {
        return job.addTask(ExecutionAttemptID.randomId(), name);
    }

    public static InternalOperatorMetricGroup operator(TaskMetricGroup task, String name) {
        return task.getOrAddOperator(new OperatorID(), name);
    }

    @Override
    public void close() throws Exception {
        taskManager.close();
        registry.closeAsync().get();
    }
}

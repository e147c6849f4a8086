package dev.cdcwatch.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A Flink metric reporter for tests: it keeps the metric objects Flink registers, so a test reads
 * the live value of a metric by its logical name ({@code taskmanager.job.task.operator.debezium.connected}).
 * The separate metrics-reporter module is not used here on purpose.
 */
public final class CapturedMetrics implements MetricReporter {

    private static final Map<Metric, Registration> REGISTERED = new ConcurrentHashMap<>();

    /** Adds this reporter to a MiniCluster configuration, as a user would in flink-conf.yaml. */
    public static Configuration install(Configuration config) {
        config.addAll(Configuration.fromMap(Map.of("metrics.reporter.captured.factory.class", Factory.class.getName())));
        return config;
    }

    public static void clear() {
        REGISTERED.clear();
    }

    /** Current value of a gauge or counter with this logical name; empty while none is registered. */
    public static OptionalLong value(String logicalName) {
        return values(logicalName).stream().mapToLong(Long::longValue).max();
    }

    /** Current values of every registered metric with this logical name (one per subtask). */
    public static List<Long> values(String logicalName) {
        return REGISTERED.entrySet().stream()
                .filter(entry -> entry.getValue().logicalName().equals(logicalName))
                .map(entry -> read(entry.getKey()))
                .toList();
    }

    /** Values by the given variable (e.g. {@code <table>}) of metrics with this logical name. */
    public static Map<String, Long> valuesBy(String logicalName, String variable) {
        Map<String, Long> byVariable = new ConcurrentHashMap<>();
        REGISTERED.forEach((metric, registration) -> {
            if (registration.logicalName().equals(logicalName)) {
                byVariable.merge(registration.variables().getOrDefault(variable, "?"), read(metric), Long::sum);
            }
        });
        return byVariable;
    }

    /** Every registered logical name with its operator and value, for failure messages. */
    public static String describe(String containing) {
        return REGISTERED.entrySet().stream().filter(e -> e.getValue().logicalName().contains(containing))
                .map(e -> e.getValue().logicalName() + " " + e.getValue().variables().get("<operator_name>") + " = " + read(e.getKey()))
                .sorted().collect(Collectors.joining("\n"));
    }

    private static long read(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Meter meter) {
            return meter.getCount();
        }
        if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
            return number.longValue();
        }
        return -1;
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String scope = LogicalScopeProvider.castFrom(group).getLogicalScope(text -> text, '.');
        REGISTERED.put(metric, new Registration(scope + "." + metricName, Map.copyOf(group.getAllVariables())));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        REGISTERED.remove(metric);
    }

    private record Registration(String logicalName, Map<String, String> variables) {
    }

    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CapturedMetrics();
        }
    }
}

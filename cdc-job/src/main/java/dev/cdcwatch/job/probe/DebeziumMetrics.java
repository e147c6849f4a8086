package dev.cdcwatch.job.probe;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.function.LongSupplier;

/**
 * Registers the probe's readings under the operator's {@code debezium} group, with the names the
 * metric catalog gives them ({@code taskmanager.job.task.operator.debezium.<name>}).
 */
final class DebeziumMetrics {

    static final String GROUP = "debezium";

    private DebeziumMetrics() {
    }

    static void register(MetricGroup operatorGroup, DebeziumProbe probe) {
        MetricGroup group = operatorGroup.addGroup(GROUP);
        gauge(group, "connected", probe::connected);
        counter(group, "disconnects", probe::disconnects);
        gauge(group, "queueTotalCapacity", probe::queueTotalCapacity);
        gauge(group, "queueRemainingCapacity", probe::queueRemainingCapacity);
        gauge(group, "queueDepth", probe::queueDepth);
        counter(group, "eventsSeen", probe::eventsSeen);
        counter(group, "eventsFiltered", probe::eventsFiltered);
        counter(group, "eventsSkipped", probe::eventsSkipped);
        counter(group, "eventsErroneous", probe::eventsErroneous);
        gauge(group, "millisecondsSinceLastEvent", probe::millisecondsSinceLastEvent);
        gauge(group, "millisecondsBehindSource", probe::millisecondsBehindSource);
        gauge(group, "binlogFileNumber", probe::binlogFileNumber);
        gauge(group, "binlogPosition", probe::binlogPosition);
        gauge(group, "binlogPositionLagBytes", probe::binlogPositionLagBytes);
        gauge(group, "gtidMode", probe::gtidMode);
        gauge(group, "snapshotRunning", probe::snapshotRunning);
        gauge(group, "binlogReading", probe::binlogReading);
    }

    private static void gauge(MetricGroup group, String name, LongSupplier value) {
        group.gauge(name, (Gauge<Long>) value::getAsLong);
    }

    private static void counter(MetricGroup group, String name, LongSupplier value) {
        group.counter(name, new DerivedCounter(name, value));
    }
}

package dev.cdcwatch.job.route;

import dev.cdcwatch.job.event.ChangeEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;

/**
 * Passes changes through and counts them per route on the operator's metric group, as
 * {@code cdcwatch.database.<db>.table.<table>.topic.<topic>.routedRecords} (catalog
 * {@code cdc_route_records_total}); from these the engine learns table -> topic from metrics
 * alone. A route's counter appears with its first change. It is a step of its own because the
 * Kafka sink hands its serializer a {@code user} sub-group, which would change the metric's name.
 */
public final class RouteCounter extends RichMapFunction<ChangeEvent, ChangeEvent> {

    private static final long serialVersionUID = 1L;
    public static final String GROUP = "cdcwatch";
    public static final String COUNTER = "routedRecords";

    private final TopicRouter router;
    private transient MetricGroup group;
    private transient Map<String, Counter> byTable;

    public RouteCounter(TopicRouter router) {
        this.router = router;
    }

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup().addGroup(GROUP);
        byTable = new HashMap<>();
    }

    @Override
    public ChangeEvent map(ChangeEvent change) {
        byTable.computeIfAbsent(change.database() + '.' + change.table(), qualified -> group
                        .addGroup("database", change.database())
                        .addGroup("table", change.table())
                        .addGroup("topic", router.topicFor(change.database(), change.table()))
                        .counter(COUNTER))
                .inc();
        return change;
    }
}

package dev.cdcwatch.job.probe;

import io.debezium.connector.mysql.MySqlPartition;
import io.debezium.data.Envelope;
import io.debezium.pipeline.ConnectorEvent;
import io.debezium.pipeline.source.spi.DataChangeEventListener;
import io.debezium.pipeline.spi.OffsetContext;
import io.debezium.schema.DataCollectionId;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the change events Debezium's dispatcher hands on. Flink CDC builds its dispatcher without
 * a listener, so Debezium's own "events seen" stays 0; this one does only a counter increment per
 * event, on the binlog thread (when the count last moved is read off it by {@link DebeziumProbe}).
 */
final class EventCountingListener implements DataChangeEventListener<MySqlPartition> {

    private final LongAdder seen;

    EventCountingListener(LongAdder seen) {
        this.seen = seen;
    }

    @Override
    public void onEvent(MySqlPartition partition, DataCollectionId source, OffsetContext offset, Object key, Struct value,
                        Envelope.Operation operation) {
        seen.increment();
    }

    @Override
    public void onFilteredEvent(MySqlPartition partition, String event) {
    }

    @Override
    public void onFilteredEvent(MySqlPartition partition, String event, Envelope.Operation operation) {
    }

    @Override
    public void onErroneousEvent(MySqlPartition partition, String event) {
    }

    @Override
    public void onErroneousEvent(MySqlPartition partition, String event, Envelope.Operation operation) {
    }

    @Override
    public void onConnectorEvent(MySqlPartition partition, ConnectorEvent event) {
    }
}

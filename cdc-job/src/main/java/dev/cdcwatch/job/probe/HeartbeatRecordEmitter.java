package dev.cdcwatch.job.probe;

import dev.cdcwatch.job.event.ChangeEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitState;
import org.apache.flink.cdc.connectors.mysql.source.split.SourceRecords;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Lets Debezium's heartbeats reach the output as {@link ChangeEvent#heartbeat heartbeat events}
 * stamped with the heartbeat's creation time. Flink's {@code currentEmitEventTimeLag} is "now minus
 * the event time of the last record emitted", and Flink CDC drops heartbeats before emitting, so on
 * an idle database that lag grows although nothing is behind. Heartbeats travel the same queue as
 * changes, so a stalled reader emits none and the lag rises as it should. A heartbeat is used only
 * while the reader had caught up with the server at the last position sample, so catching up on a
 * backlog never reports a lag near zero.
 */
final class HeartbeatRecordEmitter implements RecordEmitter<SourceRecords, ChangeEvent, MySqlSplitState> {

    private final RecordEmitter<SourceRecords, ChangeEvent, MySqlSplitState> delegate;
    private final BooleanSupplier caughtUp;

    HeartbeatRecordEmitter(RecordEmitter<SourceRecords, ChangeEvent, MySqlSplitState> delegate, BooleanSupplier caughtUp) {
        this.delegate = delegate;
        this.caughtUp = caughtUp;
    }

    @Override
    public void emitRecord(SourceRecords records, SourceOutput<ChangeEvent> output, MySqlSplitState state) throws Exception {
        delegate.emitRecord(records, output, state);
        List<SourceRecord> batch = records.getSourceRecordList();
        // Only a batch's last record is looked at, so the cost per record stays nil: under load the
        // changes carry the lag, and on an idle database a heartbeat comes alone.
        SourceRecord last = batch.isEmpty() ? null : batch.get(batch.size() - 1);
        if (last != null && RecordUtils.isHeartbeatEvent(last) && caughtUp.getAsBoolean()) {
            long createdAt = createdAt(last);
            output.collect(ChangeEvent.heartbeat(createdAt), createdAt);
        }
    }

    private static long createdAt(SourceRecord heartbeat) {
        if (heartbeat.value() instanceof Struct value && value.schema().field("ts_ms") != null) {
            Long millis = value.getInt64("ts_ms");
            if (millis != null) {
                return millis;
            }
        }
        return System.currentTimeMillis();
    }
}

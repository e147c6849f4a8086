package dev.cdcwatch.job.probe;

import dev.cdcwatch.job.event.ChangeEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitState;
import org.apache.flink.cdc.connectors.mysql.source.split.SourceRecords;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;

import java.util.Iterator;
import java.util.function.BooleanSupplier;

/**
 * Flink CDC's record emitter that also lets Debezium's heartbeats reach the output as {@link ChangeEvent#heartbeat
 * heartbeat events} stamped with the heartbeat's creation time. Flink's {@code currentEmitEventTimeLag} is "now minus
 * the event time of the last record emitted", and Flink CDC drops heartbeats before emitting, so on an idle database
 * that lag grows although nothing is behind. Heartbeats travel the same queue as changes, so a stalled reader emits
 * none and the lag rises as it should. A heartbeat is used only while the reader had caught up with the server at the
 * last position sample, so catching up on a backlog never reports a lag near zero.
 *
 * <p>It extends the connector's emitter, which is made for it (public, {@code processElement} protected), instead of
 * wrapping it: a wrapper put every record's path through the connector one call deeper, and the JIT then compiled
 * that path worse (with probes alone, the job's source thread took 0.15 us more per row, 6 %, in the throughput
 * benchmark; none since). Here each record goes through the connector's {@code processElement} from this loop exactly
 * as from its own.
 */
final class HeartbeatRecordEmitter extends MySqlRecordEmitter<ChangeEvent> {

    private final BooleanSupplier caughtUp;

    /** Takes over the deserializer, metrics and settings of {@code replaced}, the emitter the connector built. */
    HeartbeatRecordEmitter(MySqlRecordEmitter<ChangeEvent> replaced, BooleanSupplier caughtUp) {
        super(ConnectorInternals.deserializer(replaced), ConnectorInternals.readerMetrics(replaced),
                ConnectorInternals.includesSchemaChanges(replaced));
        this.caughtUp = caughtUp;
    }

    @Override
    public void emitRecord(SourceRecords records, SourceOutput<ChangeEvent> output, MySqlSplitState state) throws Exception {
        SourceRecord last = null;
        for (Iterator<SourceRecord> elements = records.iterator(); elements.hasNext(); ) {
            last = elements.next();
            processElement(last, output, state);
        }
        // Only a batch's last record is looked at, so the cost per record stays nil: under load the changes carry
        // the lag, and on an idle database a heartbeat comes alone.
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

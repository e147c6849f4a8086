package dev.cdcwatch.job.probe;

import dev.cdcwatch.job.event.ChangeEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.PendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;

import java.util.Map;

/**
 * Flink CDC's {@link MySqlSource} with a {@link ConnectionGuard} and, if asked, Debezium probes on
 * every reader it creates: the reader is the connector's own; the guard fails it when its binlog
 * connection is lost, a {@link DebeziumProbe} follows its Debezium objects and registers them as
 * Flink metrics, and heartbeats reach the output so the emit lag stays true when the database is
 * idle. Splits, enumerator and checkpoints are the connector's, untouched.
 */
public final class InstrumentedMySqlSource
        implements Source<ChangeEvent, MySqlSplit, PendingSplitsState>, ResultTypeQueryable<ChangeEvent> {

    private static final long serialVersionUID = 1L;

    private final MySqlSource<ChangeEvent> delegate;
    private final ProbeSettings settings;
    private final boolean probes;

    /** With {@code probes} false only the guard is installed (its disconnect count then goes nowhere). */
    public InstrumentedMySqlSource(MySqlSource<ChangeEvent> delegate, ProbeSettings settings, boolean probes) {
        this.delegate = delegate;
        this.settings = settings;
        this.probes = probes;
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<ChangeEvent, MySqlSplit> createReader(SourceReaderContext context) throws Exception {
        SourceReader<ChangeEvent, MySqlSplit> reader = delegate.createReader(context);
        ConnectorInternals.verify();
        MetricGroup metrics = context.metricGroup();
        int subtask = context.getIndexOfSubtask();
        ProbeTotals totals = ProbeTotals.of(subtaskKey(metrics, subtask));
        ConnectionGuard guard = new ConnectionGuard(totals.disconnects, settings.deadConnectionAfter());
        String watchThread = "cdcwatch-source-watch-" + subtask;
        if (!probes) {
            return new ProbedSourceReader(reader, new ReaderWatch(reader, guard, null, watchThread));
        }
        DebeziumProbe probe = new DebeziumProbe(totals, settings);
        ConnectorInternals.replaceRecordEmitter(reader, new HeartbeatRecordEmitter(ConnectorInternals.recordEmitter(reader), probe::caughtUp));
        DebeziumMetrics.register(metrics, probe);
        return new ProbedSourceReader(reader, new ReaderWatch(reader, guard, probe, watchThread));
    }

    private static String subtaskKey(MetricGroup metrics, int subtask) {
        Map<String, String> variables = metrics.getAllVariables();
        return variables.getOrDefault("<job_id>", "?") + "/" + variables.getOrDefault("<operator_id>", "?") + "/" + subtask;
    }

    @Override
    public SplitEnumerator<MySqlSplit, PendingSplitsState> createEnumerator(SplitEnumeratorContext<MySqlSplit> context) {
        return delegate.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<MySqlSplit, PendingSplitsState> restoreEnumerator(SplitEnumeratorContext<MySqlSplit> context,
                                                                            PendingSplitsState checkpoint) {
        return delegate.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<MySqlSplit> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<PendingSplitsState> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return delegate.getProducedType();
    }
}

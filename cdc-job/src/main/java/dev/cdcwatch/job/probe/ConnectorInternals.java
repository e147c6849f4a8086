package dev.cdcwatch.job.probe;

import io.debezium.pipeline.source.spi.ChangeEventSource.ChangeEventSourceContext;
import org.apache.flink.cdc.connectors.mysql.debezium.reader.BinlogSplitReader;
import org.apache.flink.cdc.connectors.mysql.debezium.reader.SnapshotSplitReader;
import org.apache.flink.cdc.connectors.mysql.debezium.task.context.StatefulTaskContext;
import org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlSplitReader;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.connector.base.source.reader.SourceReaderBase;
import org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher;
import org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The one place that reaches into Flink CDC 3.5.0's reader (pinned in the root pom). The path is
 * {@code SourceReaderBase.splitFetcherManager -> SplitFetcherManager.fetchers -> SplitFetcher.splitReader
 * (MySqlSplitReader) -> currentReader / reusedBinlogReader -> statefulTaskContext}, and for a snapshot
 * chunk's backfill {@code SnapshotSplitReader.changeEventSourceContext}, which the backfill's binlog
 * read runs under and which the reader stops before it closes that connection on purpose; and the settings of
 * {@code MySqlRecordEmitter} (deserializer, reader metrics, schema changes), which {@link HeartbeatRecordEmitter}
 * takes over. Everything after the context is public API of the context and of {@link BinlogSplitReader}. A connector
 * upgrade that moves or retypes a field fails here, in {@link #verify()}, with the field's owner and name.
 */
final class ConnectorInternals {

    private static final Field SPLIT_FETCHER_MANAGER = field(SourceReaderBase.class, "splitFetcherManager");
    private static final Field RECORD_EMITTER = field(SourceReaderBase.class, "recordEmitter");
    private static final Field FETCHERS = field(SplitFetcherManager.class, "fetchers");
    private static final Field SPLIT_READER = field(SplitFetcher.class, "splitReader");
    private static final Field CURRENT_READER = field(MySqlSplitReader.class, "currentReader");
    private static final Field REUSED_BINLOG_READER = field(MySqlSplitReader.class, "reusedBinlogReader");
    private static final Field BINLOG_CONTEXT = field(BinlogSplitReader.class, "statefulTaskContext");
    private static final Field SNAPSHOT_CONTEXT = field(SnapshotSplitReader.class, "statefulTaskContext");
    private static final Field BACKFILL_CONTROL = field(SnapshotSplitReader.class, "changeEventSourceContext");
    private static final Field EMITTER_DESERIALIZER = field(MySqlRecordEmitter.class, "debeziumDeserializationSchema");
    private static final Field EMITTER_METRICS = field(MySqlRecordEmitter.class, "sourceReaderMetrics");
    private static final Field EMITTER_SCHEMA_CHANGES = field(MySqlRecordEmitter.class, "includeSchemaChanges");

    private ConnectorInternals() {
    }

    /** Loads every hooked field; throws naming the first one a connector upgrade moved. */
    static void verify() {
        // The static initialiser has already resolved each field; touching the class is the check.
        expectType(BINLOG_CONTEXT, StatefulTaskContext.class);
        expectType(SNAPSHOT_CONTEXT, StatefulTaskContext.class);
        expectType(BACKFILL_CONTROL, ChangeEventSourceContext.class);
        expectType(EMITTER_DESERIALIZER, DebeziumDeserializationSchema.class);
        expectType(EMITTER_METRICS, MySqlSourceReaderMetrics.class);
        expectType(EMITTER_SCHEMA_CHANGES, boolean.class);
    }

    private static void expectType(Field field, Class<?> type) {
        if (!type.isAssignableFrom(field.getType())) {
            throw new IllegalStateException("Flink CDC internals changed: field '" + field.getName() + "' in "
                    + field.getDeclaringClass().getName() + " is a " + field.getType().getName() + ", not a " + type.getName()
                    + "; the Debezium probes are written for flink-sql-connector-mysql-cdc 3.5.0");
        }
    }

    /** What the reader's split readers hold right now. */
    static List<ReaderView> readers(Object sourceReader) {
        Object manager = read(SPLIT_FETCHER_MANAGER, sourceReader);
        Map<?, ?> fetchers = (Map<?, ?>) read(FETCHERS, manager);
        List<ReaderView> views = new ArrayList<>();
        for (Object fetcher : List.copyOf(fetchers.values())) {
            Object splitReader = read(SPLIT_READER, fetcher);
            if (splitReader instanceof MySqlSplitReader mySqlReader) {
                views.add(view(mySqlReader));
            }
        }
        return views;
    }

    private static ReaderView view(MySqlSplitReader splitReader) {
        Object current = read(CURRENT_READER, splitReader);
        BinlogSplitReader binlog = (BinlogSplitReader) (current instanceof BinlogSplitReader ? current : read(REUSED_BINLOG_READER, splitReader));
        Optional<StatefulTaskContext> binlogContext = binlog == null
                ? Optional.empty() : Optional.ofNullable((StatefulTaskContext) read(BINLOG_CONTEXT, binlog));
        Optional<StatefulTaskContext> currentContext = current instanceof SnapshotSplitReader
                ? Optional.ofNullable((StatefulTaskContext) read(SNAPSHOT_CONTEXT, current))
                : current instanceof BinlogSplitReader ? binlogContext : Optional.empty();
        Optional<BinlogConnection> binlogConnection = binlogContext.map(context -> new BinlogConnection(context, () -> !binlog.isFinished()));
        Optional<BinlogConnection> backfillConnection = current instanceof SnapshotSplitReader snapshot ? backfill(snapshot) : Optional.empty();
        return new ReaderView(current instanceof SnapshotSplitReader, current instanceof BinlogSplitReader,
                currentContext, binlogContext, binlogConnection, backfillConnection);
    }

    /**
     * The binlog connection a snapshot split reader reads its chunks' backfills with: wanted while the
     * reader's backfill control runs, which it stops when a backfill reached its high watermark and
     * when the reader closes, each time before it closes the connection.
     */
    static Optional<BinlogConnection> backfill(SnapshotSplitReader reader) {
        StatefulTaskContext context = (StatefulTaskContext) read(SNAPSHOT_CONTEXT, reader);
        ChangeEventSourceContext control = (ChangeEventSourceContext) read(BACKFILL_CONTROL, reader);
        return context == null || control == null ? Optional.empty() : Optional.of(new BinlogConnection(context, control::isRunning));
    }

    /** The reader's record emitter, which for this connector is its {@link MySqlRecordEmitter}. */
    @SuppressWarnings("unchecked")
    static <T> MySqlRecordEmitter<T> recordEmitter(Object sourceReader) {
        Object emitter = read(RECORD_EMITTER, sourceReader);
        if (!(emitter instanceof MySqlRecordEmitter)) {
            throw new IllegalStateException("Flink CDC internals changed: the source reader's record emitter is a "
                    + emitter.getClass().getName() + ", not a MySqlRecordEmitter; the Debezium probes are written for "
                    + "flink-sql-connector-mysql-cdc 3.5.0");
        }
        return (MySqlRecordEmitter<T>) emitter;
    }

    /** What {@code emitter} deserializes records with, to build an emitter of the same settings. */
    @SuppressWarnings("unchecked")
    static <T> DebeziumDeserializationSchema<T> deserializer(MySqlRecordEmitter<T> emitter) {
        return (DebeziumDeserializationSchema<T>) read(EMITTER_DESERIALIZER, emitter);
    }

    static MySqlSourceReaderMetrics readerMetrics(MySqlRecordEmitter<?> emitter) {
        return (MySqlSourceReaderMetrics) read(EMITTER_METRICS, emitter);
    }

    static boolean includesSchemaChanges(MySqlRecordEmitter<?> emitter) {
        return (Boolean) read(EMITTER_SCHEMA_CHANGES, emitter);
    }

    /** Replaces the reader's record emitter; the field is final but only read by the reader's own thread after start. */
    static void replaceRecordEmitter(Object sourceReader, Object emitter) {
        try {
            RECORD_EMITTER.set(sourceReader, emitter);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot replace " + RECORD_EMITTER, e);
        }
    }

    private static Object read(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Flink CDC internals moved: field '" + name + "' not found in " + owner.getName()
                    + "; the Debezium probes are written for flink-sql-connector-mysql-cdc 3.5.0", e);
        }
    }

    /**
     * One split reader's state.
     *
     * @param snapshotRunning    whether it reads a snapshot split now
     * @param binlogReading      whether it reads the binlog now
     * @param currentContext     the context of the reader it reads with now
     * @param binlogContext      the binlog reader's context, also while it is paused for a snapshot split
     * @param binlogConnection   the binlog reader's connection, also while it is paused for a snapshot split
     * @param backfillConnection the connection the current snapshot reader reads its chunks' backfills with
     */
    record ReaderView(boolean snapshotRunning, boolean binlogReading, Optional<StatefulTaskContext> currentContext,
                      Optional<StatefulTaskContext> binlogContext, Optional<BinlogConnection> binlogConnection,
                      Optional<BinlogConnection> backfillConnection) {
    }

    /**
     * A split reader's binlog connection.
     *
     * @param context holds the binlog client, Debezium's queue and the error handler that fails the reader
     * @param wanted  whether the reader still needs the connection; false before it closes it on purpose
     */
    record BinlogConnection(StatefulTaskContext context, BooleanSupplier wanted) {
    }
}

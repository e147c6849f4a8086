package dev.cdcwatch.job.probe;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import io.debezium.connector.base.ChangeEventQueue;
import io.debezium.connector.mysql.MySqlStreamingChangeEventSourceMetrics;
import io.debezium.pipeline.EventDispatcher;
import org.apache.flink.cdc.connectors.mysql.debezium.task.context.StatefulTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * Follows one source reader's Debezium objects. At each of its {@link ReaderWatch}'s walks of the reader it notes
 * whether events were seen since the last walk, hooks whatever is new (the binlog client, dispatcher, queue and
 * streaming metrics are re-created on every split change) and samples the server's binlog position. Metric reads
 * only touch the references kept here. Noting the time of the last event here rather than per event keeps a clock
 * read off the binlog thread, at the price of up to one walk interval of lateness in {@code millisecondsSinceLastEvent}.
 */
final class DebeziumProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumProbe.class);

    private final ProbeTotals totals;
    private final EventCountingListener eventListener;
    private final BinlogPositionSampler sampler;
    private final long pollIntervalMillis;

    private volatile BinaryLogClient client;
    private volatile ChangeEventQueue<?> queue;
    private volatile MySqlStreamingChangeEventSourceMetrics streamingMetrics;
    private volatile boolean snapshotRunning;
    private volatile boolean binlogReading;
    private volatile long positionLagBytes = -1;
    private volatile boolean positionKnown;
    private EventDispatcher<?, ?> hookedDispatcher;
    private volatile long lastEventMillis;
    private long eventsSeenAtLastTick;
    private long lastSampleMillis;
    private boolean followFailureLogged;

    DebeziumProbe(ProbeTotals totals, ProbeSettings settings) {
        this.totals = totals;
        this.eventListener = new EventCountingListener(totals.eventsSeen);
        // The totals outlive readers: only events counted from now on are this reader's.
        this.eventsSeenAtLastTick = totals.eventsSeen.sum();
        this.sampler = new BinlogPositionSampler(settings);
        this.pollIntervalMillis = settings.positionPollInterval().toMillis();
    }

    /** Called at every walk of the reader, before the reader is looked at (a walk may find nothing, or fail). */
    void noteEvents() {
        long seen = totals.eventsSeen.sum();
        if (seen != eventsSeenAtLastTick) {
            eventsSeenAtLastTick = seen;
            lastEventMillis = System.currentTimeMillis();
        }
    }

    /** Takes in what a walk of the reader found. */
    void follow(ConnectorInternals.ReaderView view) {
        try {
            snapshotRunning = view.snapshotRunning();
            binlogReading = view.binlogReading();
            view.binlogContext().ifPresent(this::hookBinlog);
            queue = view.currentContext().or(view::binlogContext).map(StatefulTaskContext::getQueue).orElse(null);
            samplePosition();
        } catch (RuntimeException | LinkageError e) {
            if (!followFailureLogged) {
                LOG.error("Debezium probe cannot follow the MySQL source reader; its metrics stay stale", e);
                followFailureLogged = true;
            }
        }
    }

    private void hookBinlog(StatefulTaskContext context) {
        BinaryLogClient current = context.getBinaryLogClient();
        if (current != null && current != client) {
            client = current;
            LOG.info("Debezium probe follows a new binlog client ({})", System.identityHashCode(current));
        }
        EventDispatcher<?, ?> dispatcher = context.getDispatcher();
        if (dispatcher != null && dispatcher != hookedDispatcher) {
            // Debezium's own coordinator does this; Flink CDC leaves the dispatcher without a listener.
            context.getDispatcher().setEventListener(eventListener);
            hookedDispatcher = dispatcher;
            LOG.info("Debezium probe counts the events of a new dispatcher ({})", System.identityHashCode(dispatcher));
        }
        if (context.getStreamingChangeEventSourceMetrics() instanceof MySqlStreamingChangeEventSourceMetrics fresh
                && fresh != streamingMetrics) {
            MySqlStreamingChangeEventSourceMetrics previous = streamingMetrics;
            if (previous != null) {
                foldCounts(previous);
            }
            streamingMetrics = fresh;
        }
    }

    private void samplePosition() {
        BinaryLogClient current = client;
        long now = System.currentTimeMillis();
        if (!binlogReading || current == null || current.getBinlogFilename() == null || now - lastSampleMillis < pollIntervalMillis) {
            return;
        }
        lastSampleMillis = now;
        try {
            positionLagBytes = sampler.lagBytes(new BinlogPosition(current.getBinlogFilename(), current.getBinlogPosition()));
            positionKnown = true;
        } catch (SQLException e) {
            positionKnown = false;
            positionLagBytes = -1;
            LOG.debug("cannot read the server's binlog position", e);
        }
    }

    private void foldCounts(MySqlStreamingChangeEventSourceMetrics metrics) {
        totals.eventsFiltered.total(metrics, metrics.getNumberOfEventsFiltered());
        totals.eventsSkipped.total(metrics, metrics.getNumberOfSkippedEvents());
        totals.eventsErroneous.total(metrics, metrics.getNumberOfErroneousEvents());
    }

    long connected() {
        BinaryLogClient current = client;
        return current != null && current.isConnected() ? 1 : 0;
    }

    long queueTotalCapacity() {
        ChangeEventQueue<?> current = queue;
        return current == null ? 0 : current.totalCapacity();
    }

    long queueRemainingCapacity() {
        ChangeEventQueue<?> current = queue;
        return current == null ? 0 : current.remainingCapacity();
    }

    long queueDepth() {
        ChangeEventQueue<?> current = queue;
        return current == null ? 0 : current.totalCapacity() - current.remainingCapacity();
    }

    /** Connections lost, as {@link ConnectionGuard} counts them. */
    long disconnects() {
        return totals.disconnects.get();
    }

    long eventsSeen() {
        return totals.eventsSeen.sum();
    }

    long eventsFiltered() {
        MySqlStreamingChangeEventSourceMetrics metrics = streamingMetrics;
        return metrics == null ? totals.eventsFiltered.total() : totals.eventsFiltered.total(metrics, metrics.getNumberOfEventsFiltered());
    }

    long eventsSkipped() {
        MySqlStreamingChangeEventSourceMetrics metrics = streamingMetrics;
        return metrics == null ? totals.eventsSkipped.total() : totals.eventsSkipped.total(metrics, metrics.getNumberOfSkippedEvents());
    }

    long eventsErroneous() {
        MySqlStreamingChangeEventSourceMetrics metrics = streamingMetrics;
        return metrics == null ? totals.eventsErroneous.total() : totals.eventsErroneous.total(metrics, metrics.getNumberOfErroneousEvents());
    }

    /** Since the probe's walk that first saw the last event; -1 before this reader's first event. */
    long millisecondsSinceLastEvent() {
        long last = lastEventMillis;
        return last == 0 ? -1 : System.currentTimeMillis() - last;
    }

    long millisecondsBehindSource() {
        MySqlStreamingChangeEventSourceMetrics metrics = streamingMetrics;
        return metrics == null ? -1 : metrics.getMilliSecondsBehindSource();
    }

    long binlogFileNumber() {
        BinaryLogClient current = client;
        String file = current == null ? null : current.getBinlogFilename();
        return file == null ? -1 : new BinlogPosition(file, 0).fileNumber();
    }

    long binlogPosition() {
        BinaryLogClient current = client;
        return current == null ? -1 : current.getBinlogPosition();
    }

    long binlogPositionLagBytes() {
        return positionLagBytes;
    }

    long gtidMode() {
        MySqlStreamingChangeEventSourceMetrics metrics = streamingMetrics;
        return metrics != null && metrics.getIsGtidModeEnabled() ? 1 : 0;
    }

    long snapshotRunning() {
        return snapshotRunning ? 1 : 0;
    }

    long binlogReading() {
        return binlogReading ? 1 : 0;
    }

    /**
     * Whether the reader had read all the server had written when the position was last sampled.
     * Without a sample (no permission, server unreachable) nothing says otherwise, so it is taken as true.
     */
    boolean caughtUp() {
        return !positionKnown || positionLagBytes == 0;
    }

    @Override
    public void close() {
        sampler.close();
    }
}

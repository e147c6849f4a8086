package dev.cdcwatch.job.probe;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import io.debezium.connector.base.ChangeEventQueue;
import org.apache.flink.cdc.connectors.mysql.debezium.reader.BinlogSplitReader;
import org.apache.flink.cdc.connectors.mysql.debezium.task.context.StatefulTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails the source reader when its binlog connection is lost, so Flink restarts it from the last
 * checkpoint. The binlog client must not restore a connection by itself (its keep-alive is off,
 * see {@code MySqlSourceFactory}): it would resume after the last event it delivered, which may be
 * inside a transaction, and Debezium, whose table-number mapping the new connection's rotate event
 * clears, would drop the transaction's remaining rows as belonging to no known table. A checkpoint
 * holds the position of the transaction's start and how many of its events and rows were already
 * emitted, so the restarted reader skips exactly those.
 *
 * <p>A connection counts as lost when it ends while the binlog reader still runs, or when it has
 * carried nothing for {@code deadAfter} (the server sends heartbeats far more often) while
 * Debezium's queue had room, so the reader was free to read.
 */
final class ConnectionGuard implements AutoCloseable {

    private static final long CHECK_INTERVAL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final Object sourceReader;
    private final AtomicLong disconnects;
    private final long deadAfterMillis;
    private final DaemonTicker thread;

    private BinaryLogClient client;
    private Watch watch;
    private boolean checkFailureLogged;

    ConnectionGuard(Object sourceReader, AtomicLong disconnects, Duration deadAfter, String threadName) {
        this.sourceReader = sourceReader;
        this.disconnects = disconnects;
        this.deadAfterMillis = deadAfter.toMillis();
        this.thread = new DaemonTicker(threadName);
    }

    void start() {
        thread.start(this::check, CHECK_INTERVAL_MILLIS);
    }

    private void check() {
        try {
            List<ConnectorInternals.ReaderView> views = ConnectorInternals.readers(sourceReader);
            if (views.isEmpty() || !views.get(0).binlogReading()) {
                return;
            }
            ConnectorInternals.ReaderView view = views.get(0);
            BinlogSplitReader reader = view.binlogReader().orElse(null);
            StatefulTaskContext context = view.binlogContext().orElse(null);
            if (reader == null || context == null || context.getBinaryLogClient() == null) {
                return;
            }
            follow(reader, context.getBinaryLogClient());
            long now = System.currentTimeMillis();
            ChangeEventQueue<?> queue = context.getQueue();
            if (queue != null && queue.remainingCapacity() == 0) {
                watch.heldUntil(now);
            }
            if (reader.isFinished() || watch.failed) {
                return;
            }
            if (watch.cut) {
                fail(context, "the binlog connection ended while the reader was running");
            } else if (now - watch.lastSign() > deadAfterMillis) {
                disconnects.incrementAndGet();
                fail(context, "the binlog connection carried nothing for " + deadAfterMillis + " ms while the reader could read");
            }
        } catch (RuntimeException | LinkageError e) {
            if (!checkFailureLogged) {
                LOG.error("Binlog connection guard cannot follow the MySQL source reader; a lost connection will stall it", e);
                checkFailureLogged = true;
            }
        }
    }

    private void follow(BinlogSplitReader reader, BinaryLogClient current) {
        if (current != client) {
            client = current;
            watch = new Watch(reader, disconnects);
            current.registerLifecycleListener(watch);
            current.registerEventListener(watch);
        }
    }

    private void fail(StatefulTaskContext context, String why) {
        watch.failed = true;
        LOG.warn("Failing the MySQL source reader so that it restarts from its last checkpoint: {}", why);
        context.getErrorHandler().setProducerThrowable(new IllegalStateException("binlog connection lost: " + why));
    }

    @Override
    public void close() {
        thread.close();
    }

    /** What one binlog client's connection did: when it last carried an event, whether it ended unasked. */
    private static final class Watch extends BinaryLogClient.AbstractLifecycleListener implements BinaryLogClient.EventListener {

        private final BinlogSplitReader reader;
        private final AtomicLong disconnects;
        private volatile long lastSign = System.currentTimeMillis();
        private volatile boolean cut;
        private volatile boolean failed;

        Watch(BinlogSplitReader reader, AtomicLong disconnects) {
            this.reader = reader;
            this.disconnects = disconnects;
        }

        void heldUntil(long now) {
            lastSign = now;
        }

        long lastSign() {
            return lastSign;
        }

        @Override
        public void onEvent(Event event) {
            lastSign = System.currentTimeMillis();
        }

        @Override
        public void onDisconnect(BinaryLogClient client) {
            // Flink CDC marks its binlog task finished before it closes the client on purpose.
            if (!reader.isFinished() && !failed) {
                cut = true;
                disconnects.incrementAndGet();
            }
        }
    }
}

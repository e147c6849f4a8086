package dev.cdcwatch.job.probe;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import io.debezium.connector.base.ChangeEventQueue;
import org.apache.flink.cdc.connectors.mysql.debezium.task.context.StatefulTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Fails the source reader when one of its binlog connections is lost, so Flink restarts it from the
 * last checkpoint. The binlog client must not restore a connection by itself (its keep-alive is off,
 * see {@code MySqlSourceFactory}): it would resume after the last event it delivered, which may be
 * inside a transaction, and Debezium, whose table-number mapping the new connection's rotate event
 * clears, would drop the transaction's remaining rows as belonging to no known table. A checkpoint
 * holds the position of the transaction's start and how many of its events and rows were already
 * emitted, so the restarted reader skips exactly those.
 *
 * <p>Two connections are followed: the binlog reader's, and during the snapshot the one each
 * chunk's backfill reads the binlog written while the chunk was selected with. Debezium fails the
 * reader itself when a connection breaks inside an event, but a connection that ends cleanly leaves
 * the reader waiting for events that never come. A connection counts as lost when it ends while its
 * reader still wants it, or when it has carried nothing for {@code deadAfter} (the server sends
 * heartbeats far more often) while Debezium's queue had room, so the reader was free to read.
 */
final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final AtomicLong disconnects;
    private final long deadAfterMillis;
    // The binlog reader connects as soon as it reads; a backfill only after its chunk's select.
    private final Follower binlog = new Follower("the binlog connection", true);
    private final Follower backfill = new Follower("the binlog connection of a snapshot chunk's backfill", false);

    private boolean checkFailureLogged;

    ConnectionGuard(AtomicLong disconnects, Duration deadAfter) {
        this.disconnects = disconnects;
        this.deadAfterMillis = deadAfter.toMillis();
    }

    /** Checks the connections of what a walk of the reader found (every {@link ReaderWatch#INTERVAL_MILLIS} ms). */
    void check(ConnectorInternals.ReaderView view) {
        try {
            if (view.binlogReading()) {
                view.binlogConnection().ifPresent(binlog::check);
            }
            if (view.snapshotRunning()) {
                view.backfillConnection().ifPresent(backfill::check);
            }
        } catch (RuntimeException | LinkageError e) {
            if (!checkFailureLogged) {
                LOG.error("Binlog connection guard cannot follow the MySQL source reader; a lost connection will stall it", e);
                checkFailureLogged = true;
            }
        }
    }

    /** Follows one kind of connection across the clients the connector creates for it. */
    private final class Follower {

        private final String what;
        private final boolean openFromStart;
        private BinaryLogClient client;
        private Watch watch;

        Follower(String what, boolean openFromStart) {
            this.what = what;
            this.openFromStart = openFromStart;
        }

        void check(ConnectorInternals.BinlogConnection connection) {
            StatefulTaskContext context = connection.context();
            BinaryLogClient current = context.getBinaryLogClient();
            if (current == null) {
                return;
            }
            if (current != client) {
                // A connection cut before this first look (at most one check interval after the
                // reader was created) is only caught by the silence rule, and only if it was open.
                client = current;
                watch = new Watch(connection.wanted(), disconnects, openFromStart || current.isConnected());
                current.registerLifecycleListener(watch);
                current.registerEventListener(watch);
            }
            long now = System.currentTimeMillis();
            ChangeEventQueue<?> queue = context.getQueue();
            if (queue != null && queue.remainingCapacity() == 0) {
                watch.heldUntil(now);
            }
            if (watch.failed || !connection.wanted().getAsBoolean()) {
                return;
            }
            if (watch.cut) {
                fail(context, what + " ended while the reader was reading");
            } else if (watch.open && now - watch.lastSign > deadAfterMillis) {
                disconnects.incrementAndGet();
                fail(context, what + " carried nothing for " + deadAfterMillis + " ms while the reader could read");
            }
        }

        private void fail(StatefulTaskContext context, String why) {
            watch.failed = true;
            if (context.getErrorHandler().getProducerThrowable() != null) {
                // Debezium saw the connection break and is failing the reader already.
                return;
            }
            LOG.warn("Failing the MySQL source reader so that it restarts from its last checkpoint: {}", why);
            context.getErrorHandler().setProducerThrowable(new IllegalStateException("binlog connection lost: " + why));
        }
    }

    /** What one binlog client's connection did: when it last carried an event, whether it is open, whether it ended unasked. */
    private static final class Watch extends BinaryLogClient.AbstractLifecycleListener implements BinaryLogClient.EventListener {

        private final BooleanSupplier wanted;
        private final AtomicLong disconnects;
        private volatile long lastSign = System.currentTimeMillis();
        private volatile boolean open;
        private volatile boolean cut;
        private volatile boolean failed;

        Watch(BooleanSupplier wanted, AtomicLong disconnects, boolean open) {
            this.wanted = wanted;
            this.disconnects = disconnects;
            this.open = open;
        }

        void heldUntil(long now) {
            lastSign = now;
        }

        @Override
        public void onConnect(BinaryLogClient client) {
            lastSign = System.currentTimeMillis();
            open = true;
        }

        @Override
        public void onEvent(Event event) {
            lastSign = System.currentTimeMillis();
        }

        @Override
        public void onDisconnect(BinaryLogClient client) {
            // Flink CDC marks a reader's read finished (or stopped) before it closes its client on purpose.
            if (wanted.getAsBoolean() && !failed) {
                cut = true;
                disconnects.incrementAndGet();
            } else {
                open = false;
            }
        }
    }
}

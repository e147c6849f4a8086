package dev.cdcwatch.job.probe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The one thread beside a source reader: every {@value #INTERVAL_MILLIS} ms it walks the reader's internals once
 * ({@link ConnectorInternals}) and hands what it found to the {@link ConnectionGuard} and, when the probes are on, the
 * {@link DebeziumProbe}. Starts and stops with the reader.
 */
final class ReaderWatch implements AutoCloseable {

    static final long INTERVAL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ReaderWatch.class);

    private final Object sourceReader;
    private final ConnectionGuard guard;
    private final DebeziumProbe probe;
    private final DaemonTicker thread;
    private boolean walkFailureLogged;

    /** {@code probe} is null when the probes are off. */
    ReaderWatch(Object sourceReader, ConnectionGuard guard, DebeziumProbe probe, String threadName) {
        this.sourceReader = sourceReader;
        this.guard = guard;
        this.probe = probe;
        this.thread = new DaemonTicker(threadName);
    }

    void start() {
        thread.start(this::walk, INTERVAL_MILLIS);
    }

    private void walk() {
        if (probe != null) {
            probe.noteEvents();
        }
        List<ConnectorInternals.ReaderView> views;
        try {
            views = ConnectorInternals.readers(sourceReader);
        } catch (RuntimeException | LinkageError e) {
            if (!walkFailureLogged) {
                LOG.error("Cannot follow the MySQL source reader: a lost binlog connection will stall it, and the Debezium metrics stay stale", e);
                walkFailureLogged = true;
            }
            return;
        }
        if (views.isEmpty()) {
            return;
        }
        guard.check(views.get(0));
        if (probe != null) {
            probe.follow(views.get(0));
        }
    }

    @Override
    public void close() {
        thread.close();
        if (probe != null) {
            probe.close();
        }
    }
}

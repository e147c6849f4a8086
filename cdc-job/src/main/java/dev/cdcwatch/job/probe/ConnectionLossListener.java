package dev.cdcwatch.job.probe;

import com.github.shyiko.mysql.binlog.BinaryLogClient;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts binlog connections lost. The client reports every end of a connection as a disconnect;
 * those it was asked for (split change, cancel) are told apart by its keep-alive thread, which
 * {@code disconnect()} stops first and a lost connection leaves running to reconnect.
 */
final class ConnectionLossListener extends BinaryLogClient.AbstractLifecycleListener {

    private final AtomicLong disconnects;

    ConnectionLossListener(AtomicLong disconnects) {
        this.disconnects = disconnects;
    }

    @Override
    public void onDisconnect(BinaryLogClient client) {
        if (!ConnectorInternals.closingOnPurpose(client)) {
            disconnects.incrementAndGet();
        }
    }
}

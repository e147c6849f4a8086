package dev.cdcwatch.job.probe;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the binlog connections one client lost. The client reports every end of a connection as
 * a disconnect; two kinds are not losses:
 * <ul>
 *   <li>closes it was asked for (split change, task restart, cancel): {@code disconnect()} stops
 *       the keep-alive thread first, a lost connection leaves it running to reconnect;</li>
 *   <li>its keep-alive dropping a connection whose reader was busy handing an event to Debezium.
 *       The keep-alive takes "no event read for one keep-alive interval" for a dead connection, but
 *       the reader also stops reading while Debezium's queue is full (a slow sink, the backlog at the
 *       switch from snapshot to binlog). Such a cut shows as an event delivered after the connection
 *       was closed: this listener runs after Debezium's, so it sees the event only once Debezium has
 *       taken it.</li>
 * </ul>
 */
final class ConnectionLossListener extends BinaryLogClient.AbstractLifecycleListener implements BinaryLogClient.EventListener {

    private final BinaryLogClient client;
    private final AtomicLong disconnects;
    private volatile boolean cutWhileBusy;

    private ConnectionLossListener(BinaryLogClient client, AtomicLong disconnects) {
        this.client = client;
        this.disconnects = disconnects;
    }

    /** Listens to the client's connections and events. */
    static ConnectionLossListener attach(BinaryLogClient client, AtomicLong disconnects) {
        ConnectionLossListener listener = new ConnectionLossListener(client, disconnects);
        client.registerLifecycleListener(listener);
        client.registerEventListener(listener);
        return listener;
    }

    /**
     * Moves this listener behind event listeners registered after it: Debezium registers its own
     * each time a split is submitted, which may be after the probe found the client.
     */
    void keepLast() {
        List<BinaryLogClient.EventListener> listeners = client.getEventListeners();
        if (listeners.isEmpty() || listeners.get(listeners.size() - 1) != this) {
            client.unregisterEventListener(this);
            client.registerEventListener(this);
        }
    }

    @Override
    public void onEvent(Event event) {
        if (!client.isConnected()) {
            cutWhileBusy = true;
        }
    }

    @Override
    public void onConnect(BinaryLogClient connected) {
        cutWhileBusy = false;
    }

    @Override
    public void onDisconnect(BinaryLogClient disconnected) {
        if (!ConnectorInternals.closingOnPurpose(disconnected) && !cutWhileBusy) {
            disconnects.incrementAndGet();
        }
    }
}

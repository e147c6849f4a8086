package dev.cdcwatch.demo;

import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of inserts, updates and deletes into both demo databases, so lag, throughput and
 * consumer lag have something to show. It can be paused to make the source go idle.
 */
final class LoadGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

    private final MariaDbServer db;
    private final long periodMillis;
    private final AtomicLong nextOrderId = new AtomicLong(1_000);
    private final AtomicLong changes = new AtomicLong();
    private final Thread thread;
    private volatile boolean paused;
    private volatile boolean stopped;

    LoadGenerator(MariaDbServer db, long periodMillis) {
        this.db = db;
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::run, "demo-load-generator");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    boolean paused() {
        return paused;
    }

    /** Row changes written so far. */
    long changes() {
        return changes.get();
    }

    private void run() {
        while (!stopped) {
            try (Connection connection = db.adminConnection()) {
                while (!stopped) {
                    if (!paused) {
                        writeOne(connection);
                    }
                    Thread.sleep(periodMillis);
                }
            } catch (SQLException e) {
                if (!stopped) {
                    LOG.warn("load generator lost its connection, retrying: {}", e.getMessage());
                    pauseBeforeRetry();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeOne(Connection connection) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long id = nextOrderId.getAndIncrement();
        execute(connection, "INSERT INTO shop.orders (id, customer_id, amount, status) VALUES (?, ?, ?, 'new')",
                id, 1 + random.nextInt(3), random.nextInt(1, 500) + 0.99);
        if (id % 2 == 0) {
            execute(connection, "UPDATE shop.orders SET status = 'paid', amount = amount + 1 WHERE id = ?", id - 1);
            execute(connection, "INSERT INTO billing.invoices (id, order_id, total, paid) VALUES (?, ?, ?, TRUE)", id, id - 1,
                    random.nextInt(1, 500) + 0.5);
        }
        if (id % 5 == 0) {
            execute(connection, "DELETE FROM shop.orders WHERE id = ?", id - 4);
        }
    }

    private void execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            changes.addAndGet(statement.executeUpdate());
        }
    }

    private static void pauseBeforeRetry() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

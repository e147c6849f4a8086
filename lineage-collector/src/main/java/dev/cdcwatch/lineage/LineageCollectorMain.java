package dev.cdcwatch.lineage;

import dev.cdcwatch.lineage.config.ConfigException;
import dev.cdcwatch.lineage.config.LineageConfigLoader;
import dev.cdcwatch.lineage.config.StandaloneConfig;
import dev.cdcwatch.lineage.metrics.SampleCollector;
import dev.cdcwatch.lineage.push.EnginePusher;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the collector alone: {@code java -cp ... dev.cdcwatch.lineage.LineageCollectorMain lineage.yaml}.
 * It writes the graph to the configured H2 database (the engine's, opened with AUTO_SERVER so both
 * processes can use it), pushes every poll's samples to the engine if {@code push.url} is set, and
 * serves them on {@code /metrics} if {@code metrics.port} is set.
 */
public final class LineageCollectorMain {

    private static final Logger LOG = LoggerFactory.getLogger(LineageCollectorMain.class);

    private LineageCollectorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: LineageCollectorMain <lineage.yaml>");
            System.exit(2);
        }
        StandaloneConfig config;
        try {
            config = LineageConfigLoader.loadStandalone(Path.of(args[0]));
        } catch (ConfigException | UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Running running = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "cdc-watch-lineage-shutdown"));
        LOG.info("lineage collector polling {} cluster(s), writing to {}", config.lineage().clusters().size(), config.database().url());
        stopped.await();
    }

    /** Starts everything the file asks for; closing the result stops it. */
    public static Running start(StandaloneConfig config) {
        StandaloneConfig.Database database = config.database();
        H2AutoServer.bindToLoopback();
        JdbcConnectionPool pool = JdbcConnectionPool.create(database.url(), database.username(), database.password());
        LineageCollector collector = new LineageCollector(config.lineage(), pool);
        HTTPServer server = null;
        try {
            if (config.metricsPort().isPresent()) {
                CollectorRegistry registry = new CollectorRegistry();
                registry.register(new SampleCollector(collector::samples));
                server = new HTTPServer(new InetSocketAddress(config.metricsPort().getAsInt()), registry, true);
            }
        } catch (IOException e) {
            collector.close();
            pool.dispose();
            throw new UncheckedIOException("cannot serve /metrics on port " + config.metricsPort().getAsInt(), e);
        }
        EnginePusher pusher = config.push().map(push -> new EnginePusher(push, hostName())).orElse(null);
        if (pusher != null) {
            collector.addSampleListener(pusher);
        }
        collector.start();
        return new Running(collector, server, pusher, pool);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** A started standalone collector. */
    public record Running(LineageCollector collector, HTTPServer server, EnginePusher pusher, JdbcConnectionPool pool)
            implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
            collector.close();
            if (pusher != null) {
                pusher.close();
            }
            pool.dispose();
        }
    }
}

package dev.cdcwatch.lineage;

import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.TempDirs;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A private KRaft broker that can be stopped and started again on the same ports and data, so a test
 * can take a cluster away and bring it back. (test-kit's shared broker picks new ports on each start.)
 */
final class RestartableBroker implements AutoCloseable {

    private final Path dir = TempDirs.create("cdcwatch-lineage-kafka-");
    private final int port = FreePorts.find();
    private final Properties properties;
    private KafkaRaftServer server;

    RestartableBroker() {
        int controllerPort = FreePorts.find();
        properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", dir.resolve("logs").toString());
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("num.network.threads", "1");
        properties.put("num.io.threads", "1");
        format();
    }

    private void format() {
        Path file = dir.resolve("server.properties");
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            properties.store(out, "cdc-watch lineage test broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()}, print);
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed: " + output.toString(StandardCharsets.UTF_8));
            }
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    void start() {
        server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
        server.startup();
    }

    void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
        TempDirs.delete(dir);
    }
}

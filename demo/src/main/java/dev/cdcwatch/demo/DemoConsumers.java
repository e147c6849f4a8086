package dev.cdcwatch.demo;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Consumer groups standing for downstream teams. Each polls and commits in its own thread; a
 * paused group keeps its membership (it calls {@code poll} on paused partitions) but consumes
 * nothing, so its lag grows as it would for a stuck service.
 */
final class DemoConsumers implements AutoCloseable {

    /** A downstream team's consumer group and the topics it reads. */
    record Group(String id, Pattern topics) {
    }

    private final Map<String, Worker> workers = new ConcurrentHashMap<>();

    DemoConsumers(String bootstrapServers, List<Group> groups) {
        for (Group group : groups) {
            Worker worker = new Worker(bootstrapServers, group);
            workers.put(group.id(), worker);
            worker.thread.start();
        }
    }

    void pause(String group) {
        worker(group).paused = true;
    }

    void resume(String group) {
        worker(group).paused = false;
    }

    private Worker worker(String group) {
        Worker worker = workers.get(group);
        if (worker == null) {
            throw new IllegalArgumentException("no demo consumer group '" + group + "'; known: " + workers.keySet());
        }
        return worker;
    }

    @Override
    public void close() {
        workers.values().forEach(Worker::stop);
    }

    private static final class Worker {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean paused;
        private volatile boolean stopped;

        Worker(String bootstrapServers, Group group) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, group.id(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true",
                    ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "500",
                    ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            thread = new Thread(() -> run(group), "demo-consumer-" + group.id());
            thread.setDaemon(true);
        }

        private void run(Group group) {
            try {
                consumer.subscribe(group.topics());
                while (!stopped) {
                    if (paused) {
                        consumer.pause(consumer.assignment());
                    } else {
                        consumer.resume(consumer.paused());
                    }
                    consumer.poll(Duration.ofMillis(200));
                }
            } catch (WakeupException e) {
                if (!stopped) {
                    throw e;
                }
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        void stop() {
            stopped = true;
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

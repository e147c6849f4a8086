package dev.cdcwatch.engine;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.engine.notify.Hashes;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash test of delivery, with the engine's real process: pushed samples raise a storm of 1,000 alerts,
 * one notification each, for a webhook receiver that is down. The engine is killed with SIGKILL while it
 * fills its outbox and retries; a new process takes over the same H2 file while the storm goes on. When the
 * receiver comes back, every notification arrives exactly once: none twice, none lost.
 */
class DeliveryRecoveryTest {

    private static final int TABLES = 1000;
    /** The first process sees the storm up to this many tables; the rest of it reaches the second. */
    private static final int TABLES_BEFORE_KILL = 600;
    private static final int NEW_TABLES_PER_PUSH = 100;
    private static final String ALERT = "StormTableDown";

    @RegisterExtension
    final EngineProcesses engines = new EngineProcesses();

    private final AtomicInteger tablesPushed = new AtomicInteger();
    private volatile int stormTables = TABLES_BEFORE_KILL;
    private int receiverPort;

    @BeforeEach
    void configure() {
        receiverPort = FreePorts.find();
        engines.configure("engine-rules/storm-rules.yml", """
                notify:
                  allowed_hosts: [127.0.0.1]
                  poll_interval: 50ms
                  initial_backoff: 200ms
                  max_backoff: 1s
                route:
                  receiver: hook
                  group_by: [alertname, table]
                  group_wait: 100ms
                  group_interval: 200ms
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                """.formatted(receiverPort));
    }

    @Test
    void everyNotificationArrivesExactlyOnceAfterTheEngineIsKilledMidStormAndTheReceiverReturns() throws Exception {
        EngineProcesses.Engine first = engines.start("first");
        engines.reportEvery(Duration.ofMillis(250), this::storm);
        // Killed with at most 600 of the storm's alerts raised, while the outbox fills and what is in it is retried.
        await("300 notifications in the first outbox").atMost(Duration.ofSeconds(60)).until(() -> pending() >= 300);
        JsonObject writtenByTheKilled = notifications("pending", 1000);
        assertThat(writtenByTheKilled.getJsonArray("notifications")).as("retried against the closed port")
                .anyMatch(entry -> ((JsonObject) entry).getInteger("attempts") > 0);
        first.kill();

        stormTables = TABLES;
        engines.start("second");
        await("every table's notification in the outbox").atMost(Duration.ofSeconds(60)).until(() -> pending() >= TABLES);
        try (HttpReceiver receiver = HttpReceiver.start(receiverPort)) {
            await("the backlog delivered").atMost(Duration.ofSeconds(60)).until(() -> pending() == 0);
            await("nothing queued again: no repeat, no duplicate written late").during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);

            List<ReceivedRequest> requests = receiver.requests();
            Map<String, Long> byGroupAndContent = requests.stream().collect(Collectors.groupingBy(
                    request -> groupKey(request) + " " + Hashes.sha256(request.bodyText()), Collectors.counting()));
            assertThat(byGroupAndContent).as("deliveries per group key and content")
                    .hasSize(TABLES).allSatisfy((key, times) -> assertThat(times).as(key).isEqualTo(1L));
            assertThat(requests).extracting(DeliveryRecoveryTest::groupKey).as("one notification per table, none lost")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, TABLES).mapToObj(DeliveryRecoveryTest::expectedGroupKey).toList());
            assertThat(requests).allSatisfy(request -> assertThat(new JsonObject(request.bodyText()).getJsonArray("alerts"))
                    .singleElement().satisfies(alert -> assertThat(((JsonObject) alert).getString("status")).isEqualTo("firing")));
            assertThat(ids(notifications("sent", 1000))).as("what the killed process wrote to its outbox went out")
                    .hasSize(TABLES).containsAll(ids(writtenByTheKilled));
            assertThat(notifications("failed", 1).getJsonArray("notifications")).isEmpty();
        }
    }

    /**
     * The reporter's batch: every table of the storm so far with {@code storm_table_up} 0; each batch adds
     * {@link #NEW_TABLES_PER_PUSH} tables up to {@link #stormTables}, so alerts keep firing while the outbox fills.
     */
    private PushBatch storm() {
        int tables = tablesPushed.updateAndGet(pushed -> Math.min(stormTables, pushed + NEW_TABLES_PER_PUSH));
        long now = System.currentTimeMillis();
        List<WireSample> samples = IntStream.range(0, tables)
                .mapToObj(table -> new WireSample("storm_table_up", Map.of("job", "storm", "table", table(table)), 0, now)).toList();
        return new PushBatch(PushBatch.CURRENT_VERSION, new ReporterIdentity("storm", "tm", "tm:9250", 1L), samples);
    }

    private JsonObject notifications(String status, int limit) {
        return engines.getJson("/api/v1/notifications?status=" + status + "&limit=" + limit);
    }

    private int pending() {
        return notifications("pending", 1).getInteger("pending");
    }

    private static Set<Long> ids(JsonObject notifications) {
        JsonArray entries = notifications.getJsonArray("notifications");
        return entries.stream().map(entry -> ((JsonObject) entry).getLong("id")).collect(Collectors.toSet());
    }

    private static String groupKey(ReceivedRequest request) {
        return new JsonObject(request.bodyText()).getString("groupKey");
    }

    private static String expectedGroupKey(int table) {
        return "{}:{alertname=\"" + ALERT + "\",table=\"" + table(table) + "\"}";
    }

    private static String table(int index) {
        return "t%03d".formatted(index);
    }
}

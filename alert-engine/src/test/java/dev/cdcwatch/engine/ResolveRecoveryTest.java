package dev.cdcwatch.engine;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resolves an engine stored but had not sent when it was killed with SIGKILL: one waiting for its group's next
 * flush (group_interval after the last one), and one of an alert whose rule the next start no longer loads.
 * The next engine process sends each once, and a third process, started after it was sent, does not send it again.
 */
class ResolveRecoveryTest {

    private static final String STORM_RULES = "engine-rules/storm-rules.yml";

    @RegisterExtension
    final EngineProcesses engines = new EngineProcesses();

    private HttpReceiver receiver;
    private volatile double tableUp;

    @BeforeEach
    void startReceiver() {
        receiver = HttpReceiver.start(FreePorts.find());
        configure(STORM_RULES);
    }

    private void configure(String rules) {
        engines.configure(rules, """
                notify:
                  allowed_hosts: [127.0.0.1]
                  poll_interval: 50ms
                route:
                  receiver: hook
                  group_by: [alertname, table]
                  group_wait: 100ms
                  group_interval: 1h
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: %s
                """.formatted(receiver.url("/hook")));
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aResolveStoredButNotYetFlushedIsSentExactlyOnceAfterTheEngineIsKilled() throws Exception {
        EngineProcesses.Engine first = engines.start("first");
        engines.reportEvery(Duration.ofMillis(200), this::table);
        await("the firing notification").atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() == 1);
        assertThat(status(receiver.requests().get(0))).isEqualTo("firing");
        awaitRecordedAsSent();

        tableUp = 1;
        await("the resolve stored").atMost(Duration.ofSeconds(30)).until(this::resolveStored);
        assertThat(receiver.requests()).as("the resolve waits for group_interval (1h)").hasSize(1);
        first.kill();

        EngineProcesses.Engine second = engines.start("second");
        await("the resolve sent by the next process").atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() == 2);
        ReceivedRequest resolve = receiver.requests().get(1);
        assertThat(status(resolve)).isEqualTo("resolved");
        assertThat(new JsonObject(resolve.bodyText()).getJsonArray("alerts")).singleElement()
                .satisfies(alert -> assertThat(((JsonObject) alert).getString("status")).isEqualTo("resolved"));
        await("the outbox delivered").atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
        second.kill();

        engines.start("third");
        await("nothing written or sent again by a process started after the resolve went out")
                .during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> receiver.requests().size() == 2 && notificationCount() == 2);
    }

    @Test
    void theResolveOfAnAlertWhoseRuleIsNoLongerLoadedIsSentOnceAtTheNextStart() throws Exception {
        EngineProcesses.Engine first = engines.start("first");
        engines.reportEvery(Duration.ofMillis(200), this::table);
        await("the firing notification").atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() == 1);
        awaitRecordedAsSent();
        first.kill();

        configure(TestEngine.LIFECYCLE_RULES);
        EngineProcesses.Engine second = engines.start("second");
        await("the resolve of the removed rule's alert").atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() == 2);
        assertThat(status(receiver.requests().get(1))).isEqualTo("resolved");
        await("the outbox delivered").atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
        second.kill();

        engines.start("third");
        await("nothing written or sent again by a process started after the resolve went out")
                .during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> receiver.requests().size() == 2 && notificationCount() == 2);
    }

    private PushBatch table() {
        return new PushBatch(PushBatch.CURRENT_VERSION, new ReporterIdentity("storm", "tm", "tm:9250", 1L),
                List.of(new WireSample("storm_table_up", Map.of("job", "storm", "table", "t000"), tableUp, System.currentTimeMillis())));
    }

    /** The alert's resolve is in the database: the history is read from it, the alerts API from memory. */
    private boolean resolveStored() {
        JsonArray transitions = engines.getJson("/api/v1/alerts/history").getJsonArray("transitions");
        return transitions.stream().anyMatch(transition -> "resolved".equals(((JsonObject) transition).getString("to")));
    }

    /** Killed between the receiver's answer and marking the entry sent, an engine would rightly send it again. */
    private void awaitRecordedAsSent() {
        await("the firing notification marked sent").atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    }

    private int pending() {
        return engines.getJson("/api/v1/notifications?status=pending&limit=1").getInteger("pending");
    }

    private int notificationCount() {
        return engines.getJson("/api/v1/notifications?limit=100").getJsonArray("notifications").size();
    }

    private static String status(ReceivedRequest request) {
        return new JsonObject(request.bodyText()).getString("status");
    }
}

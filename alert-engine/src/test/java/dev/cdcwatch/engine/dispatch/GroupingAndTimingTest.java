package dev.cdcwatch.engine.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcwatch.engine.notify.OutboxEntry;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GroupingAndTimingTest {

    @RegisterExtension
    final DispatchFixture fixture = new DispatchFixture();

    private DispatchYaml config(String groupWait, String groupInterval, String repeatInterval) {
        return DispatchYaml.webhook(fixture.hook().url("/hook")).timing(groupWait, groupInterval, repeatInterval);
    }

    private static DispatchAlert lag(int table) {
        return DispatchFixture.firing(Map.of("alertname", "CdcTopicLag", "table", "t" + table, "severity", "warning"),
                Map.of("summary", "lag on t" + table));
    }

    @Test
    void fiftyAlertsOfOneGroupBecomeOneNotificationAfterGroupWait() {
        DispatchService service = fixture.start(config("400ms", "150ms", "1h"));
        // Read before the alerts start: group_wait is measured from then at the latest.
        long start = System.currentTimeMillis();
        List<DispatchAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            alerts.add(lag(i));
        }
        service.accept(alerts.subList(0, 25));
        service.accept(alerts.subList(25, 50));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.hook().requests()).hasSize(1));
        assertThat(fixture.hook().requests().get(0).receivedAtMillis() - start).isGreaterThanOrEqualTo(400);
        assertThat(fixture.payloads().get(0).path("alerts")).hasSize(50);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> fixture.hook().requests().size() == 1);
    }

    @Test
    void unchangedGroupIsSentAgainAfterRepeatInterval() {
        DispatchService service = fixture.start(config("50ms", "100ms", "700ms"));
        service.accept(List.of(lag(1)));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.hook().requests()).hasSize(2));
        List<ReceivedRequest> requests = fixture.hook().requests();
        // The flush times the outbox recorded, on the clock repeat_interval is measured with: receipt times would also
        // carry each delivery's own latency. Without the repeat interval the group would go out again at the next 100 ms
        // group_interval tick.
        List<Instant> flushedAt = fixture.notifications().stream().sorted(Comparator.comparingLong(OutboxEntry::id))
                .map(OutboxEntry::createdAt).toList();
        assertThat(flushedAt).hasSize(2);
        assertThat(Duration.between(flushedAt.get(0), flushedAt.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(requests.get(1).bodyText()).isEqualTo(requests.get(0).bodyText());
    }

    @Test
    void resolvedIsSentOnceWhenTheAlertResolves() {
        DispatchService service = fixture.start(config("50ms", "100ms", "1h"));
        DispatchAlert alert = lag(1);
        service.accept(List.of(alert));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.hook().requests()).hasSize(1));

        service.accept(List.of(alert.resolvedAt(Instant.now())));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.hook().requests()).hasSize(2));
        JsonNode resolved = fixture.payloads().get(1);
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("alerts").get(0).path("endsAt").asText()).isNotEqualTo("0001-01-01T00:00:00Z");

        service.accept(List.of(alert.resolvedAt(Instant.now())));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> fixture.hook().requests().size() == 2);
    }

    @Test
    void newAlertInAnExistingGroupWaitsForGroupIntervalNotRepeatInterval() {
        DispatchService service = fixture.start(config("50ms", "300ms", "1h"));
        service.accept(List.of(lag(1)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.hook().requests()).hasSize(1));

        service.accept(List.of(lag(1), lag(2)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.hook().requests()).hasSize(2));
        assertThat(fixture.payloads().get(1).path("alerts")).hasSize(2);
    }
}

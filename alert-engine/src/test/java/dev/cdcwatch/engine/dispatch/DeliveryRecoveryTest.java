package dev.cdcwatch.engine.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.engine.notify.Hashes;
import dev.cdcwatch.engine.notify.OutboxEntry;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant STORM_START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path directory;

    static String config(String receiverUrl) {
        return """
                notify:
                  allowed_hosts: [127.0.0.1]
                  poll_interval: 50ms
                  initial_backoff: 50ms
                  max_backoff: 300ms
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 100ms
                  group_interval: 200ms
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: %s
                """.formatted(receiverUrl);
    }

    /** 1,000 alerts in 100 groups of 10. */
    static List<DispatchAlert> storm(int count) {
        List<DispatchAlert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(new DispatchAlert("fp" + i, Map.of("alertname", "CdcStorm" + (i % 100), "table", "t" + i),
                    Map.of("summary", "storm " + i), STORM_START, null, ""));
        }
        return alerts;
    }

    @Test
    void everyNotificationArrivesExactlyOnceAfterSigkillMidStormAndReceiverReturn() throws Exception {
        int port = FreePorts.find();
        String url = "http://127.0.0.1:" + port + "/hook";
        Process storm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StormProcess.class.getName(), directory.toString(), url, "1000")
                .redirectErrorStream(true).start();
        AtomicInteger pending = new AtomicInteger();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(storm.getInputStream(), StandardCharsets.UTF_8))
                .lines().filter(line -> line.startsWith("pending ")).forEach(line -> pending.set(Integer.parseInt(line.substring(8)))));
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> pending.get() >= 40);
        } finally {
            storm.destroyForcibly();
            assertThat(storm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(storm.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        try (DispatchFixture fixture = new DispatchFixture(directory)) {
            // After the restart the engine hands over its firing alerts again; then the receiver comes back.
            DispatchService service = fixture.start(config(url));
            service.accept(storm(1000));
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.notifications().stream()
                    .map(OutboxEntry::groupKey).distinct().count() == 100);
            try (HttpReceiver receiver = HttpReceiver.start(port)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> service.notifications().pending() == 0);
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> service.notifications().pending() == 0);

                List<ReceivedRequest> requests = receiver.requests();
                Map<String, Long> byGroupAndContent = requests.stream().collect(Collectors.groupingBy(
                        request -> groupKey(request) + "#" + Hashes.sha256(request.bodyText()), Collectors.counting()));
                assertThat(byGroupAndContent).allSatisfy((key, times) -> assertThat(times).as(key).isEqualTo(1L));
                assertThat(requests.stream().map(DeliveryRecoveryTest::groupKey).collect(Collectors.toSet())).hasSize(100);
                assertThat(fingerprints(requests)).hasSize(1000);
                assertThat(fixture.notifications()).allMatch(entry -> entry.status() == OutboxEntry.Status.SENT);
                assertThat(requests).hasSize(fixture.notifications().size());
            }
        }
    }

    private static String groupKey(ReceivedRequest request) {
        return read(request).path("groupKey").asText();
    }

    private static Set<String> fingerprints(List<ReceivedRequest> requests) {
        Set<String> fingerprints = new HashSet<>();
        for (ReceivedRequest request : requests) {
            read(request).path("alerts").forEach(alert -> fingerprints.add(alert.path("fingerprint").asText()));
        }
        return fingerprints;
    }

    private static JsonNode read(ReceivedRequest request) {
        try {
            return JSON.readTree(request.bodyText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

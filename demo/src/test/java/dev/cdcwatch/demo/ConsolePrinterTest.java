package dev.cdcwatch.demo;

import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import dev.cdcwatch.testkit.http.HttpReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the demo's console shows for a webhook delivery, posted over HTTP to the demo's webhook endpoint. */
class ConsolePrinterTest {

    private static final String PAYLOAD = """
            {"receiver":"oncall","status":"firing","alerts":[{"status":"firing",
             "labels":{"alertname":"CdcBinlogDisconnects","job":"shop-cdc","operator":"Source: mysql-cdc","severity":"warning"},
             "annotations":{"summary":"Binlog connection of shop-cdc dropped 1 time(s) in 1m"},
             "startsAt":"2026-11-25T15:16:57.12Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"ab12"}],
             "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:8080",
             "version":"4","groupKey":"{}:{alertname=\\"CdcBinlogDisconnects\\"}","truncatedAlerts":0}
            """;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final DingTalkRobotServer dingTalk = DingTalkRobotServer.start();
    private final HttpReceiver webhook = HttpReceiver.start();
    private final ConsolePrinter printer = new ConsolePrinter(new PrintStream(console, true, StandardCharsets.UTF_8), dingTalk, webhook);

    @AfterEach
    void stop() {
        printer.close();
        webhook.close();
        dingTalk.close();
    }

    @Test
    void aWebhookDeliveryIsPrintedAsOneLinePerAlertNotAsRawJson() throws Exception {
        post(PAYLOAD);

        await().atMost(Duration.ofSeconds(10)).until(() -> printed().contains("==== Webhook"));
        assertThat(printed())
                .contains("/alerts  firing to oncall: 1 alert(s)")
                .contains("FIRING   CdcBinlogDisconnects {job=shop-cdc, severity=warning}")
                .contains("Binlog connection of shop-cdc dropped 1 time(s) in 1m (since 2026-11-25T15:16:57.12Z)")
                .doesNotContain("\"receiver\"", "fingerprint", "Source: mysql-cdc");
    }

    @Test
    void aBodyThatIsNotAnAlertmanagerPayloadIsPrintedAsItCame() throws Exception {
        post("not json at all");

        await().atMost(Duration.ofSeconds(10)).until(() -> printed().contains("not json at all"));
    }

    private void post(String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(webhook.url("/alerts")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isLessThan(300);
    }

    private String printed() {
        return console.toString(StandardCharsets.UTF_8);
    }
}

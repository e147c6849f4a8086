package dev.cdcwatch.engine;

import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cdcwatch.engine.TestEngine.batch;
import static dev.cdcwatch.engine.TestEngine.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Dashboard and Silence links of a DingTalk message with the default templates lead somewhere on the
 * engine that sent it: the overview dashboard it serves, and a form to silence the alert that works.
 */
class DingTalkLinksTest {

    private static final Pattern LINKS = Pattern.compile("\\[Dashboard]\\((.+?)\\) \\| \\[Silence]\\((.+?)\\)");
    private static final Pattern CURL_BODY = Pattern.compile("--data '(.+?)' \\\\", Pattern.DOTALL);

    private final HttpClient http = HttpClient.newHttpClient();
    private DingTalkRobotServer robot;
    private TestEngine engine;

    @BeforeEach
    void start() {
        robot = DingTalkRobotServer.start().addRobot(new DingTalkRobotServer.Robot("links", "links-secret", null));
        int port = FreePorts.find();
        engine = TestEngine.startWith(Map.of("CDCWATCH_SERVER_PORT", String.valueOf(port), "CDCWATCH_INGEST_MIN_STALE_AFTER", "1m"), """
                notify:
                  external_url: http://127.0.0.1:%d
                  allowed_hosts: [127.0.0.1]
                receivers:
                  - name: oncall
                    dingtalk_configs:
                      - webhook_url: %s
                        secret: links-secret
                route:
                  receiver: oncall
                  group_wait: 0s
                """.formatted(port, robot.webhookUrl("links")));
        assertThat(engine.engine().port()).isEqualTo(port);
    }

    @AfterEach
    void stop() {
        engine.close();
        robot.close();
    }

    @Test
    void defaultDashboardAndSilenceLinksAnswerOnTheEngineAndTheSilenceFormSilencesTheAlert() throws Exception {
        assertThat(engine.push(batch("tm-links:9250", sample("cdc_debezium_connected", 0, "job", "links-cdc"))).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !robot.accepted().isEmpty());
        Matcher links = LINKS.matcher(robot.accepted().get(0).text());
        assertThat(links.find()).as("links in %s", robot.accepted().get(0).text()).isTrue();

        HttpResponse<String> dashboard = get(links.group(1));
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(dashboard.body()).getString("uid")).isEqualTo("cdcwatch-overview");

        HttpResponse<String> silenceForm = get(links.group(2));
        assertThat(silenceForm.statusCode()).isEqualTo(200);
        assertThat(silenceForm.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(silenceForm.body()).contains("alertname=&quot;BinlogDisconnected&quot;", "job=&quot;links-cdc&quot;",
                "<form", "type=\"password\"");

        // The request the page describes, sent as its curl command would send it, silences the alert.
        Matcher curl = CURL_BODY.matcher(unescape(silenceForm.body()));
        assertThat(curl.find()).isTrue();
        assertThat(TestEngine.send(engine.client().post("/api/v1/silences").bearerTokenAuthentication(TestEngine.ADMIN_TOKEN)
                .putHeader("Content-Type", "application/json"), Buffer.buffer(curl.group(1))).statusCode()).isEqualTo(201);
        assertThat(engine.alerts("?filter=alertname=\"BinlogDisconnected\"")).singleElement()
                .satisfies(alert -> assertThat(alert.getBoolean("silenced")).isTrue());
    }

    @Test
    void silenceFormShowsWhatTheFilterHoldsAsTextOnly() throws Exception {
        String filter = "{alertname=\"<script>x</script>\",job=\"${curl}\"}";
        HttpResponse<String> form = get("http://127.0.0.1:" + engine.engine().port() + "/silences/new?filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8));

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).doesNotContain("<script>x").contains("alertname=&quot;&lt;script&gt;x&lt;/script&gt;&quot;",
                "job=&quot;&#36;{curl}&quot;");
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}

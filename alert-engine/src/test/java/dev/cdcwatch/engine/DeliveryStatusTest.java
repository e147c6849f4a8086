package dev.cdcwatch.engine;

import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.cdcwatch.engine.TestEngine.batch;
import static dev.cdcwatch.engine.TestEngine.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator reads over HTTP when a DingTalk robot refuses the engine's messages for good. */
class DeliveryStatusTest {

    private static final String INTEGRATION = "oncall/dingtalk[0]";

    @Test
    void aWrongDingTalkSecretIsAPermanentErrorInStatusAndMetricsOverHttp() {
        try (DingTalkRobotServer robot = DingTalkRobotServer.start().addRobot(new DingTalkRobotServer.Robot("tok", "SECright", null));
             TestEngine engine = TestEngine.startWith(Map.of("CDCWATCH_INGEST_MIN_STALE_AFTER", "1m"), """
                     notify:
                       allowed_hosts: [127.0.0.1]
                     receivers:
                       - name: oncall
                         dingtalk_configs:
                           - webhook_url: %s
                             secret: SECwrong
                     route:
                       receiver: oncall
                       group_wait: 0s
                     """.formatted(robot.webhookUrl("tok")))) {
            assertThat(integration(engine).getString("lastOutcome")).as("before any delivery").isEqualTo("none");

            assertThat(engine.push(batch("tm-status:9250", sample("cdc_debezium_connected", 0, "job", "status-cdc"))).statusCode())
                    .isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(integration(engine).getString("lastOutcome")));
            JsonObject integration = integration(engine);
            assertThat(integration.getString("receiver")).isEqualTo("oncall");
            assertThat(integration.getString("type")).isEqualTo("dingtalk");
            assertThat(integration.getString("permanentError")).contains("errcode 310000", "sign not match");
            assertThat(integration.getString("permanentErrorAt")).isNotNull();
            assertThat(engine.get("/metrics").bodyAsString())
                    .contains("cdcwatch_notifications_failed_total{receiver=\"oncall\",integration=\"" + INTEGRATION + "\",} 1.0");
            assertThat(robot.answers()).as("not retried").hasSize(1);
        }
    }

    private static JsonObject integration(TestEngine engine) {
        return engine.getJson("/api/v1/status").getJsonArray("integrations").getJsonObject(0);
    }
}

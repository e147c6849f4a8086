package dev.cdcwatch.engine.silence;

import dev.cdcwatch.engine.Engine;
import dev.cdcwatch.engine.TestEngine;
import dev.cdcwatch.engine.config.EngineConfigLoader;
import dev.cdcwatch.testkit.TempDirs;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Silences CRUD over HTTP: admin token, validation errors as JSON naming the field, persistence. */
class SilencesApiTest {

    private static TestEngine engine;

    @BeforeAll
    static void start() {
        engine = TestEngine.start();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static JsonObject silence(String createdBy) {
        return new JsonObject()
                .put("matchers", new JsonArray().add(new JsonObject().put("name", "job").put("value", "orders").put("isRegex", false)
                        .put("isEqual", false)))
                .put("startsAt", Instant.now().toString())
                .put("endsAt", Instant.now().plus(Duration.ofHours(2)).toString())
                .put("createdBy", createdBy)
                .put("comment", "planned failover");
    }

    private static HttpResponse<Buffer> post(JsonObject body, String token) {
        var request = engine.client().post("/api/v1/silences");
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        return TestEngine.send(request, body.toBuffer());
    }

    @Test
    void silenceIsCreatedListedUpdatedAndExpired() {
        HttpResponse<Buffer> created = post(silence("alice"), TestEngine.ADMIN_TOKEN);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String id = created.bodyAsJsonObject().getString("silenceId");

        JsonObject stored = engine.getJson("/api/v1/silences/" + id);
        assertThat(stored.getString("createdBy")).isEqualTo("alice");
        assertThat(stored.getJsonObject("status").getString("state")).isEqualTo("active");
        assertThat(stored.getJsonArray("matchers").getJsonObject(0).getBoolean("isEqual")).isFalse();

        HttpResponse<Buffer> updated = post(silence("bob").put("id", id), TestEngine.ADMIN_TOKEN);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(engine.getJson("/api/v1/silences/" + id).getString("createdBy")).isEqualTo("bob");

        HttpResponse<Buffer> deleted = TestEngine.await(engine.client().delete("/api/v1/silences/" + id)
                .bearerTokenAuthentication(TestEngine.ADMIN_TOKEN).send());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(engine.getJson("/api/v1/silences/" + id).getJsonObject("status").getString("state")).isEqualTo("expired");
        assertThat(engine.getJson("/api/v1/silences").getJsonArray("silences").stream().map(JsonObject.class::cast)
                .map(silence -> silence.getString("id"))).contains(id);
    }

    @Test
    void changingSilencesNeedsTheAdminToken() {
        assertThat(post(silence("mallory"), null).statusCode()).isEqualTo(401);
        HttpResponse<Buffer> withIngestToken = post(silence("mallory"), TestEngine.INGEST_TOKEN);
        assertThat(withIngestToken.statusCode()).isEqualTo(401);
        assertThat(withIngestToken.bodyAsJsonObject().getString("error")).contains("admin token");
        assertThat(TestEngine.await(engine.client().delete("/api/v1/silences/x").send()).statusCode()).isEqualTo(401);
    }

    @Test
    void invalidSilenceIsRefusedWith400NamingTheField() {
        HttpResponse<Buffer> noMatchers = post(silence("a").put("matchers", new JsonArray()), TestEngine.ADMIN_TOKEN);
        HttpResponse<Buffer> endBeforeStart = post(silence("a").put("endsAt", Instant.now().minus(Duration.ofHours(1)).toString()),
                TestEngine.ADMIN_TOKEN);
        HttpResponse<Buffer> badRegex = post(silence("a").put("matchers", new JsonArray().add(new JsonObject().put("name", "job")
                .put("value", "(").put("isRegex", true).put("isEqual", true))), TestEngine.ADMIN_TOKEN);
        HttpResponse<Buffer> badTime = post(silence("a").put("endsAt", "tomorrow"), TestEngine.ADMIN_TOKEN);
        HttpResponse<Buffer> notJson = TestEngine.send(engine.client().post("/api/v1/silences")
                .bearerTokenAuthentication(TestEngine.ADMIN_TOKEN), Buffer.buffer("{nope"));

        assertThat(noMatchers.bodyAsJsonObject().getString("error")).contains("matchers");
        assertThat(endBeforeStart.bodyAsJsonObject().getString("error")).contains("endsAt");
        assertThat(badRegex.bodyAsJsonObject().getString("error")).contains("invalid regex");
        assertThat(badTime.bodyAsJsonObject().getString("error")).contains("endsAt");
        assertThat(notJson.bodyAsJsonObject().getString("error")).contains("not valid JSON");
        for (HttpResponse<Buffer> response : java.util.List.of(noMatchers, endBeforeStart, badRegex, badTime, notJson)) {
            assertThat(response.statusCode()).isEqualTo(400);
        }
        assertThat(engine.get("/api/v1/silences/unknown").statusCode()).isEqualTo(404);
        assertThat(engine.get("/api/v1/nothing-here").bodyAsJsonObject().getString("error")).contains("no endpoint");
    }

    @Test
    void silencesSurviveARestartOnTheSameDatabase() {
        Path dataDir = TempDirs.create("cdcwatch-silence-restart");
        try {
            var config = new EngineConfigLoader(name -> null).parse(TestEngine.configYaml(dataDir, 0, ""));
            String id;
            try (Engine first = Engine.start(config)) {
                id = first.silences().save(null, java.util.List.of(new SilenceMatcher("job", "orders", false, true)), null,
                        Instant.now().plus(Duration.ofHours(1)), "carol", "").id();
            }
            try (Engine second = Engine.start(config)) {
                assertThat(second.silences().get(id)).hasValueSatisfying(silence -> assertThat(silence.createdBy()).isEqualTo("carol"));
            }
        } finally {
            TempDirs.delete(dataDir);
        }
    }
}

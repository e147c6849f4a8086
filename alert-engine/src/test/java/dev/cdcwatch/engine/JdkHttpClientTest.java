package dev.cdcwatch.engine;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients built on the JDK's {@link HttpClient} (the lineage collector's pusher, users' Java tools) ask every plain-HTTP
 * request to upgrade to h2c. With Vert.x's h2c upgrade on, one of the first few dozen such requests was never answered,
 * and the request's own timeout did not end the wait: {@code DingTalkLinksTest} once stalled CI that way for 15 minutes.
 */
class JdkHttpClientTest {

    @Test
    void requestsAskingForAnH2cUpgradeAreAllAnsweredOverHttp11() throws Exception {
        try (TestEngine engine = TestEngine.start()) {
            URI dashboard = URI.create("http://127.0.0.1:" + engine.engine().port() + "/dashboards/cdcwatch-overview.json");
            for (int i = 0; i < 200; i++) {
                // A client per request, as a connection is upgraded (or not) on its first request.
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> response = client.sendAsync(HttpRequest.newBuilder(dashboard).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            }
        }
    }
}

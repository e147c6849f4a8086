package dev.cdcwatch.engine.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Posts JSON with the JDK client; one shared client for all integrations. */
public final class HttpSender {

    /** A response, or the I/O problem that prevented one ({@code status} 0). */
    public record Reply(int status, String body, String problem) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public boolean answered() {
            return status != 0;
        }

        /**
         * What a reply other than 2xx means for delivery: unreachable, 429 (throttled) and 5xx are worth
         * another attempt; any other status would be refused again, so it fails for good. {@code peer} names
         * the receiver in the reason.
         */
        public DeliveryOutcome notDelivered(String peer) {
            if (!answered()) {
                return new DeliveryOutcome.Retry(problem, Duration.ZERO, false);
            }
            String reason = "HTTP " + status + " from " + peer + ": " + (body.length() <= 300 ? body : body.substring(0, 300) + "…");
            if (status == 429 || status >= 500) {
                return new DeliveryOutcome.Retry(reason, Duration.ZERO, status == 429);
            }
            return new DeliveryOutcome.Failed(reason);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Reply postJson(URI uri, String json, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Reply(0, "", "cannot reach " + uri.getHost() + ":" + uri.getPort() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, "", "interrupted while sending to " + uri.getHost());
        }
    }
}

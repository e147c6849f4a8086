package dev.cdcwatch.dashboards.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A small client of Prometheus's HTTP API ({@code /api/v1/query}, {@code query_range}, label values). */
public final class PrometheusClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param base Prometheus's address, e.g. {@code http://localhost:9090} */
    public PrometheusClient(URI base) {
        this.base = base;
    }

    /** Evaluates {@code expr} now, as Grafana does for instant queries. */
    public List<Series> query(String expr) {
        return series(expr, post("/api/v1/query", Map.of("query", expr)));
    }

    /** Evaluates {@code expr} over a time range, as Grafana does for graphs. */
    public List<Series> queryRange(String expr, Instant start, Instant end, Duration step) {
        return series(expr, post("/api/v1/query_range", Map.of("query", expr,
                "start", seconds(start), "end", seconds(end), "step", Double.toString(step.toMillis() / 1000.0))));
    }

    /** The values of {@code label} among series matching {@code selector}, as Grafana's {@code label_values(selector, label)}. */
    public List<String> labelValues(String label, String selector) {
        JsonNode data = post("/api/v1/series", Map.of("match[]", selector));
        return stream(data).map(series -> series.path(label).asText(null))
                .filter(value -> value != null && !value.isEmpty()).distinct().sorted().toList();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream();
    }

    private JsonNode post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PrometheusQueryException("Prometheus at " + base + " did not answer " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusQueryException("interrupted while asking Prometheus " + path, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PrometheusQueryException(path + " answered HTTP " + response.statusCode() + " with no JSON: " + response.body(), e);
        }
        if (!root.path("status").asText().equals("success")) {
            throw new PrometheusQueryException(root.path("errorType").asText("error") + ": " + root.path("error").asText(response.body())
                    + " (" + path + " " + form.get(form.containsKey("query") ? "query" : "match[]") + ")");
        }
        return root.path("data");
    }

    private static List<Series> series(String expr, JsonNode data) {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        return switch (type) {
            case "vector" -> stream(result).map(r -> new Series(labels(r.path("metric")), List.of(sample(r.path("value"))))).toList();
            case "matrix" -> stream(result).map(r -> new Series(labels(r.path("metric")), stream(r.path("values")).map(PrometheusClient::sample).toList())).toList();
            case "scalar" -> List.of(new Series(Map.of(), List.of(sample(result))));
            default -> throw new PrometheusQueryException("unexpected result type '" + type + "' for " + expr);
        };
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static Sample sample(JsonNode pair) {
        long millis = Math.round(pair.get(0).asDouble() * 1000);
        return new Sample(Instant.ofEpochMilli(millis), value(pair.get(1).asText()));
    }

    private static double value(String text) {
        // Prometheus writes infinities as +Inf and -Inf, which Double.parseDouble does not read.
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String seconds(Instant time) {
        return Double.toString(time.toEpochMilli() / 1000.0);
    }
}

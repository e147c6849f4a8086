package dev.cdcwatch.testkit.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/** One request as the receiver saw it; header names are lower-cased. */
public record ReceivedRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body, long receivedAtMillis) {

    static Map<String, List<String>> copyHeaders(Map<String, List<String>> raw) {
        Map<String, List<String>> copy = new TreeMap<>();
        raw.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return Map.copyOf(copy);
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as text, un-gzipped when the request said {@code Content-Encoding: gzip}. */
    public String bodyText() {
        if ("gzip".equalsIgnoreCase(header("Content-Encoding"))) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("body claims gzip but is not", e);
            }
        }
        return new String(body, StandardCharsets.UTF_8);
    }
}

package dev.cdcwatch.reporter.exposition;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Renders one scrape with simpleclient's {@link TextFormat}: text (or OpenMetrics, when asked for) into a reused
 * buffer through a lock-free UTF-8 writer, then gzip at the fastest level when the scraper accepts it. Not thread
 * safe: the HTTP server renders on one thread.
 */
public final class ScrapeRenderer {

    private final CollectorRegistry registry;
    private final ByteSink text = new ByteSink(1 << 16);
    private final ByteSink compressed = new ByteSink(1 << 14);

    public ScrapeRenderer(CollectorRegistry registry) {
        this.registry = registry;
    }

    /** The rendered body; valid until the next call. */
    public record Body(byte[] bytes, int length, String contentType, boolean gzipped) {
    }

    public Body render(String contentType, Predicate<String> sampleNameFilter, boolean gzip) throws IOException {
        text.reset();
        Utf8Writer writer = new Utf8Writer(text);
        TextFormat.writeFormat(contentType, writer,
                sampleNameFilter == null ? registry.metricFamilySamples() : registry.filteredMetricFamilySamples(sampleNameFilter));
        writer.flush();
        if (!gzip) {
            return new Body(text.array(), text.size(), contentType, false);
        }
        compressed.reset();
        try (GZIPOutputStream out = new FastGzip(compressed, text.size())) {
            out.write(text.array(), 0, text.size());
        }
        return new Body(compressed.array(), compressed.size(), contentType, true);
    }

    /** gzip at {@link Deflater#BEST_SPEED}: scrapes repeat every few seconds, bytes on loopback or LAN are cheap. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(ByteSink out, int size) throws IOException {
            super(out, Math.max(512, Math.min(size, 1 << 16)));
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}

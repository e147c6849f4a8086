package dev.cdcwatch.reporter.push;

import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.BinaryBatchEncoder;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.reporter.config.PushFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes samples in the push format chosen and gzips them. One per reporter, used by one thread: the binary
 * format's symbol table lives across batches, so a series' key has the same bytes every push and the engine
 * finds the series without decoding it.
 */
public final class BatchEncoder {

    private interface Writer {
        void write(ReporterIdentity reporter, List<WireSample> samples, OutputStream out) throws IOException;
    }

    private final String contentType;
    private final Writer writer;
    private int lastSize = 4096;

    public BatchEncoder(PushFormat format) {
        this.contentType = switch (format) {
            case BINARY -> BinaryBatchCodec.CONTENT_TYPE;
            case JSON -> PushBatchCodec.CONTENT_TYPE;
        };
        this.writer = switch (format) {
            case BINARY -> new BinaryBatchEncoder()::encode;
            case JSON -> json(new PushBatchCodec());
        };
    }

    public EncodedBatch encode(ReporterIdentity identity, List<WireSample> samples, long takenAtMillis) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(lastSize + lastSize / 4);
        try (GZIPOutputStream gzip = new FastGzip(body)) {
            writer.write(identity, samples, gzip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip a push batch", e);
        }
        byte[] bytes = body.toByteArray();
        lastSize = bytes.length;
        return new EncodedBatch(bytes, contentType, takenAtMillis, samples.size());
    }

    private static Writer json(PushBatchCodec codec) {
        return (reporter, samples, out) -> codec.encode(new PushBatch(PushBatch.CURRENT_VERSION, reporter, samples), out);
    }

    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(ByteArrayOutputStream out) throws IOException {
            super(out, 1 << 14);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}

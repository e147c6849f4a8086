package dev.cdcwatch.reporter.push;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Encodes samples with the catalog's {@link PushBatchCodec} (version {@value PushBatch#CURRENT_VERSION}) and gzips them. */
public final class BatchEncoder {

    private final PushBatchCodec codec = new PushBatchCodec();
    private int lastSize = 4096;

    public EncodedBatch encode(ReporterIdentity identity, List<WireSample> samples, long takenAtMillis) {
        PushBatch batch = new PushBatch(PushBatch.CURRENT_VERSION, identity, samples);
        ByteArrayOutputStream body = new ByteArrayOutputStream(lastSize + lastSize / 4);
        try (GZIPOutputStream gzip = new FastGzip(body)) {
            codec.encode(batch, gzip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip a push batch", e);
        }
        byte[] bytes = body.toByteArray();
        lastSize = bytes.length;
        return new EncodedBatch(bytes, takenAtMillis, samples.size());
    }

    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(ByteArrayOutputStream out) throws IOException {
            super(out, 1 << 14);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}

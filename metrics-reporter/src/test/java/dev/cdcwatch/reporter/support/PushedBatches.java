package dev.cdcwatch.reporter.support;

import dev.cdcwatch.catalog.wire.BatchFormatException;
import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.DecodedBatch;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.testkit.http.ReceivedRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** Push requests read as the engine reads them: un-gzipped, then binary or JSON by their Content-Type. */
public final class PushedBatches {

    private PushedBatches() {
    }

    public static PushBatch decode(ReceivedRequest request) throws BatchFormatException {
        return decodeForIngest(request).toPushBatch();
    }

    public static DecodedBatch decodeForIngest(ReceivedRequest request) throws BatchFormatException {
        String type = request.header("Content-Type");
        byte[] body = body(request);
        if (BinaryBatchCodec.CONTENT_TYPE.equals(type)) {
            return new BinaryBatchCodec().decodeForIngest(body);
        }
        if (PushBatchCodec.CONTENT_TYPE.equals(type)) {
            return new PushBatchCodec().decodeForIngest(body);
        }
        throw new IllegalArgumentException("a push with Content-Type " + type + " is in neither push format");
    }

    /** The body as sent before gzip. */
    public static byte[] body(ReceivedRequest request) {
        if (!"gzip".equalsIgnoreCase(request.header("Content-Encoding"))) {
            return request.body();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(request.body()))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a push claims gzip but is not", e);
        }
    }
}

package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.catalog.wire.BatchFormatException;
import dev.cdcwatch.catalog.wire.BatchLimits;
import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.DecodedBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.engine.api.Responses;
import dev.cdcwatch.engine.auth.Tokens;
import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.engine.metrics.EngineMetrics;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/push}: the ingest token as {@code Authorization: Bearer <token>}, a body of at
 * most {@code ingest.max-body-bytes} (413), optionally {@code Content-Encoding: gzip} inflating to at
 * most {@code ingest.max-inflated-bytes} (413), decoded and validated as a whole before anything is
 * stored (400 naming the field and sample index). Refusals are counted by reason. A body of
 * {@code Content-Type: application/x-cdcwatch-push} is read in the binary format; any other, in JSON.
 */
public final class PushEndpoint {

    public static final String PATH = "/api/v1/push";

    private final BatchIngester ingester;
    private final Tokens tokens;
    private final EngineMetrics metrics;
    private final PushBatchCodec json;
    private final BinaryBatchCodec binary;
    private final long maxBodyBytes;
    private final long maxInflatedBytes;

    public PushEndpoint(BatchIngester ingester, Tokens tokens, EngineMetrics metrics, EngineConfig.Ingest limits) {
        this.ingester = ingester;
        this.tokens = tokens;
        this.metrics = metrics;
        BatchLimits batchLimits = new BatchLimits(limits.maxSamplesPerBatch(), limits.maxLabelsPerSample(), 200,
                limits.maxLabelValueLength());
        this.json = new PushBatchCodec(batchLimits);
        this.binary = new BinaryBatchCodec(batchLimits);
        this.maxBodyBytes = limits.maxBodyBytes();
        this.maxInflatedBytes = limits.maxInflatedBytes();
    }

    public void mount(Router router) {
        // Two routes: Vert.x runs body handlers before user handlers on one route, but the checks must come before reading the body.
        router.post(PATH).handler(this::precheck);
        router.post(PATH)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .blockingHandler(this::push, false)
                .failureHandler(this::bodyFailure);
    }

    /** Refuses before reading the body: wrong token, declared length over the limit, unknown encoding. */
    private void precheck(RoutingContext context) {
        if (!tokens.allowsIngest(context.request().getHeader("Authorization"))) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(context, 401, "unauthorized", "this endpoint needs the ingest token as 'Authorization: Bearer <token>'", null, null);
            return;
        }
        String length = context.request().getHeader("Content-Length");
        if (length != null && parseLength(length) > maxBodyBytes) {
            refuse(context, 413, "too_large", "the body is " + length + " bytes; the limit is " + maxBodyBytes + " (ingest.max-body-bytes)",
                    null, null);
            return;
        }
        String encoding = context.request().getHeader("Content-Encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("gzip") && !encoding.equalsIgnoreCase("identity")) {
            refuse(context, 415, "bad_encoding", "Content-Encoding '" + encoding + "' is not supported; send gzip or identity", null, null);
            return;
        }
        context.next();
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void bodyFailure(RoutingContext context) {
        if (context.statusCode() == 413) {
            refuse(context, 413, "too_large", "the body exceeds " + maxBodyBytes + " bytes (ingest.max-body-bytes)", null, null);
        } else {
            context.next();
        }
    }

    private void push(RoutingContext context) {
        byte[] body = context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
        if ("gzip".equalsIgnoreCase(context.request().getHeader("Content-Encoding"))) {
            try {
                body = BoundedGunzip.inflate(body, maxInflatedBytes);
            } catch (BoundedGunzip.TooLargeException e) {
                refuse(context, 413, "inflated_too_large", e.getMessage(), null, null);
                return;
            } catch (IOException e) {
                refuse(context, 400, "malformed", "body: " + e.getMessage(), "body", null);
                return;
            }
        }
        DecodedBatch batch;
        try {
            batch = isBinary(context.request().getHeader("Content-Type")) ? binary.decodeForIngest(body) : json.decodeForIngest(body);
        } catch (BatchFormatException e) {
            refuse(context, 400, "malformed", e.getMessage(), e.field(), e.sampleIndex() >= 0 ? e.sampleIndex() : null);
            return;
        } catch (RuntimeException e) {
            // Jackson's own limits (nesting, string length) surface as unchecked exceptions.
            refuse(context, 400, "malformed", "body: " + e.getMessage(), "body", null);
            return;
        }
        try {
            IngestResult result = ingester.ingest(batch);
            Responses.json(context, 200, result);
        } catch (BatchFormatException e) {
            // Names and labels of series not seen before are checked while the batch's series are resolved.
            refuse(context, 400, "malformed", e.getMessage(), e.field(), e.sampleIndex() >= 0 ? e.sampleIndex() : null);
        } catch (SeriesLimitException e) {
            refuse(context, 429, "series_limit", e.getMessage(), null, null);
        }
    }

    private static boolean isBinary(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, BinaryBatchCodec.CONTENT_TYPE, 0, BinaryBatchCodec.CONTENT_TYPE.length());
    }

    private void refuse(RoutingContext context, int status, String reason, String message, String field, Integer sampleIndex) {
        metrics.batchesRejected.labels(reason).inc();
        Map<String, Object> details = new HashMap<>();
        details.put("reason", reason);
        if (field != null) {
            details.put("field", field);
            details.put("sampleIndex", sampleIndex);
        }
        Responses.error(context, status, message, details);
    }
}

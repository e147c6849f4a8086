package dev.cdcwatch.catalog.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import static dev.cdcwatch.catalog.wire.KeyRules.expect;

/**
 * The push format, version 1:
 * <pre>{"version":1,
 *  "reporter":{"job":"orders-cdc","host":"tm-1","instance":"tm-1:9250","processStartMillis":1700000000000},
 *  "samples":[{"name":"cdc_debezium_connected","labels":{"job":"orders-cdc"},"value":1,"timestamp":1700000001000}]}</pre>
 * Values are finite numbers; a reporter leaves out samples whose value is NaN or infinite. The
 * decoder checks every field and limit and names the problem it finds. Fields may come in any order,
 * but a sample that starts with {@code name} and then {@code labels}, as the encoder writes it, is
 * cheaper to ingest: its series is found again by those raw bytes (see {@link DecodedBatch}).
 */
public final class PushBatchCodec implements KeyDecoder {

    public static final String CONTENT_TYPE = "application/json";

    private final JsonFactory json;
    private final BatchLimits limits;
    private final KeyRules rules;

    public PushBatchCodec(BatchLimits limits) {
        this.limits = limits;
        this.rules = new KeyRules(limits);
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(64 * 1024).build())
                .build();
    }

    public PushBatchCodec() {
        this(BatchLimits.DEFAULT);
    }

    public byte[] encode(PushBatch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + batch.samples().size() * 96);
        encode(batch, out);
        return out.toByteArray();
    }

    public void encode(PushBatch batch, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out, JsonEncoding.UTF8)) {
            generator.writeStartObject();
            generator.writeNumberField("version", batch.version());
            generator.writeObjectFieldStart("reporter");
            generator.writeStringField("job", batch.reporter().job());
            generator.writeStringField("host", batch.reporter().host());
            generator.writeStringField("instance", batch.reporter().instance());
            generator.writeNumberField("processStartMillis", batch.reporter().processStartMillis());
            generator.writeEndObject();
            generator.writeArrayFieldStart("samples");
            for (WireSample sample : batch.samples()) {
                if (!Double.isFinite(sample.value())) {
                    continue;
                }
                generator.writeStartObject();
                generator.writeStringField("name", sample.name());
                generator.writeObjectFieldStart("labels");
                for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                    generator.writeStringField(label.getKey(), label.getValue());
                }
                generator.writeEndObject();
                generator.writeNumberField("value", sample.value());
                generator.writeNumberField("timestamp", sample.timestampMillis());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a push batch", e);
        }
    }

    /** Decodes and checks a whole batch. */
    public PushBatch decode(byte[] body) throws BatchFormatException {
        return decodeForIngest(body).toPushBatch();
    }

    /**
     * Decodes a batch for ingest. Everything but the samples' names and labels is checked now; a
     * sample that starts with {@code name} and {@code labels}, as this codec writes it, keeps those as
     * a raw key and has its labels decoded and checked only when {@link DecodedBatch#labels} asks.
     */
    public DecodedBatch decodeForIngest(byte[] body) throws BatchFormatException {
        try (JsonParser parser = json.createParser(body)) {
            return decode(parser, body);
        } catch (JsonParseException e) {
            throw new BatchFormatException("body", -1, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BatchFormatException("body", -1, "cannot be read: " + e.getMessage());
        }
    }

    private DecodedBatch decode(JsonParser parser, byte[] body) throws IOException, BatchFormatException {
        expect(parser.nextToken() == JsonToken.START_OBJECT, "body", -1, "must be a JSON object");
        Integer version = null;
        ReporterIdentity reporter = null;
        DecodedBatch.Samples samples = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "version" -> {
                    expect(token == JsonToken.VALUE_NUMBER_INT, "version", -1, "must be a whole number");
                    version = parser.getIntValue();
                    expect(version == PushBatch.CURRENT_VERSION, "version", -1,
                            "is " + version + "; this engine reads version " + PushBatch.CURRENT_VERSION);
                }
                case "reporter" -> reporter = reporter(parser, token);
                case "samples" -> samples = samples(parser, body, token);
                default -> throw new BatchFormatException(field, -1, "is not a known field");
            }
        }
        expect(parser.currentToken() == JsonToken.END_OBJECT, "body", -1, "must be a JSON object");
        expect(parser.nextToken() == null, "body", -1, "has content after the batch object");
        expect(version != null, "version", -1, "is required");
        expect(reporter != null, "reporter", -1, "is required");
        expect(samples != null, "samples", -1, "is required");
        return new DecodedBatch(version, reporter, this, body, 0, samples);
    }

    private ReporterIdentity reporter(JsonParser parser, JsonToken token) throws IOException, BatchFormatException {
        expect(token == JsonToken.START_OBJECT, "reporter", -1, "must be an object");
        String job = null;
        String host = null;
        String instance = null;
        long start = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "job" -> job = text(parser, value, "reporter.job", -1);
                case "host" -> host = text(parser, value, "reporter.host", -1);
                case "instance" -> instance = text(parser, value, "reporter.instance", -1);
                case "processStartMillis" -> {
                    expect(value == JsonToken.VALUE_NUMBER_INT, "reporter.processStartMillis", -1, "must be a whole number");
                    start = parser.getLongValue();
                }
                default -> throw new BatchFormatException("reporter." + field, -1, "is not a known field");
            }
        }
        expect(host != null && !host.isEmpty(), "reporter.host", -1, "is required");
        expect(instance != null && !instance.isEmpty(), "reporter.instance", -1, "is required");
        return new ReporterIdentity(job == null ? "" : job, host, instance, start);
    }

    private DecodedBatch.Samples samples(JsonParser parser, byte[] body, JsonToken token) throws IOException, BatchFormatException {
        expect(token == JsonToken.START_ARRAY, "samples", -1, "must be an array");
        DecodedBatch.Samples samples = new DecodedBatch.Samples();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            int index = samples.size();
            if (index >= limits.maxSamples()) {
                throw new BatchFormatException("samples", -1, "has more than " + limits.maxSamples() + " samples");
            }
            sample(parser, body, index, samples);
        }
        return samples;
    }

    private void sample(JsonParser parser, byte[] body, int index, DecodedBatch.Samples samples) throws IOException, BatchFormatException {
        expect(parser.currentToken() == JsonToken.START_OBJECT, "sample", index, "must be an object");
        int keyFrom = (int) parser.currentTokenLocation().getByteOffset();
        int keyTo = -1;
        String name = null;
        boolean nameDeferred = false;
        Map<String, String> labels = null;
        Double value = null;
        Long timestamp = null;
        int field = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String fieldName = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (fieldName) {
                case "name" -> {
                    expect(name == null && !nameDeferred, "name", index, "is given twice");
                    expect(token == JsonToken.VALUE_STRING, "name", index, "must be a string");
                    // First in the sample, the name may become part of the raw key: decode it only if it does not.
                    nameDeferred = field == 0;
                    name = nameDeferred ? null : parser.getText();
                }
                case "labels" -> {
                    expect(labels == null && keyTo < 0, "labels", index, "is given twice");
                    if (field == 1 && nameDeferred && token == JsonToken.START_OBJECT) {
                        // The canonical order: keep the raw bytes, decode the labels only if the engine has not seen them.
                        parser.skipChildren();
                        keyTo = (int) parser.currentTokenLocation().getByteOffset() + 1;
                    } else {
                        labels = labels(parser, token, index);
                    }
                }
                case "value" -> {
                    expect(token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT, "value", index,
                            "must be a number");
                    value = parser.getDoubleValue();
                    expect(Double.isFinite(value), "value", index, "must be finite");
                }
                case "timestamp" -> {
                    expect(token == JsonToken.VALUE_NUMBER_INT, "timestamp", index, "must be milliseconds since the epoch");
                    timestamp = parser.getLongValue();
                    expect(timestamp > 0, "timestamp", index, "must be positive");
                }
                default -> throw new BatchFormatException(fieldName, index, "is not a known field");
            }
            field++;
        }
        expect(name != null || nameDeferred, "name", index, "is required");
        expect(value != null, "value", index, "is required");
        expect(timestamp != null, "timestamp", index, "is required");
        if (keyTo >= 0) {
            samples.add(null, null, keyFrom, keyTo, value, timestamp);
            return;
        }
        if (nameDeferred) {
            name = decodeName(body, keyFrom, index);
        }
        rules.checkName(name, index);
        samples.add(name, labels == null ? Map.of() : labels, -1, -1, value, timestamp);
    }

    /** The name of the sample starting at {@code from}, whose first field is its name. */
    String decodeName(byte[] body, int from, int index) throws BatchFormatException {
        try (JsonParser parser = json.createParser(body, from, body.length - from)) {
            parser.nextToken();
            parser.nextToken();
            parser.nextToken();
            return parser.getText();
        } catch (IOException e) {
            throw new BatchFormatException("name", index, "cannot be read: " + e.getMessage());
        }
    }

    /** Decodes and checks the name and labels of a sample kept as a raw key by {@link #decodeForIngest}. */
    @Override
    public SeriesKey decodeKey(byte[] body, int from, int to, int index) throws BatchFormatException {
        try (JsonParser parser = json.createParser(body, from, to - from)) {
            parser.nextToken();
            parser.nextToken();
            String name = text(parser, parser.nextToken(), "name", index);
            rules.checkName(name, index);
            parser.nextToken();
            return new SeriesKey(name, labels(parser, parser.nextToken(), index));
        } catch (IOException e) {
            throw new BatchFormatException("labels", index, "cannot be read: " + e.getMessage());
        }
    }

    private Map<String, String> labels(JsonParser parser, JsonToken token, int index) throws IOException, BatchFormatException {
        expect(token == JsonToken.START_OBJECT, "labels", index, "must be an object of strings");
        Map<String, String> labels = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String label = parser.currentName();
            String value = text(parser, parser.nextToken(), "labels." + label, index);
            rules.checkLabel(labels, label, value, index);
            labels.put(label, value);
        }
        return labels;
    }

    private static String text(JsonParser parser, JsonToken token, String field, int index) throws IOException, BatchFormatException {
        expect(token == JsonToken.VALUE_STRING, field, index, "must be a string");
        return parser.getText();
    }
}

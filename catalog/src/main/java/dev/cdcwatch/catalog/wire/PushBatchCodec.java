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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The push format, version 1:
 * <pre>{"version":1,
 *  "reporter":{"job":"orders-cdc","host":"tm-1","instance":"tm-1:9250","processStartMillis":1700000000000},
 *  "samples":[{"name":"cdc_debezium_connected","labels":{"job":"orders-cdc"},"value":1,"timestamp":1700000001000}]}</pre>
 * Values are finite numbers; a reporter leaves out samples whose value is NaN or infinite. The
 * decoder checks every field and limit and names the first problem it finds.
 */
public final class PushBatchCodec {

    /** Bounds the decoder enforces so that one batch cannot exhaust the engine. */
    public record Limits(int maxSamples, int maxLabelsPerSample, int maxNameLength, int maxLabelValueLength) {
        public static final Limits DEFAULT = new Limits(200_000, 32, 200, 1024);
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final JsonFactory json;
    private final Limits limits;

    public PushBatchCodec(Limits limits) {
        this.limits = limits;
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(64 * 1024).build())
                .build();
    }

    public PushBatchCodec() {
        this(Limits.DEFAULT);
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

    public PushBatch decode(byte[] body) throws BatchFormatException {
        try (JsonParser parser = json.createParser(body)) {
            return decode(parser);
        } catch (JsonParseException e) {
            throw new BatchFormatException("body", -1, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BatchFormatException("body", -1, "cannot be read: " + e.getMessage());
        }
    }

    public PushBatch decode(InputStream body) throws BatchFormatException {
        try (JsonParser parser = json.createParser(body)) {
            return decode(parser);
        } catch (JsonParseException e) {
            throw new BatchFormatException("body", -1, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BatchFormatException("body", -1, "cannot be read: " + e.getMessage());
        }
    }

    private PushBatch decode(JsonParser parser) throws IOException, BatchFormatException {
        expect(parser.nextToken() == JsonToken.START_OBJECT, "body", -1, "must be a JSON object");
        Integer version = null;
        ReporterIdentity reporter = null;
        List<WireSample> samples = null;
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
                case "samples" -> samples = samples(parser, token);
                default -> throw new BatchFormatException(field, -1, "is not a known field");
            }
        }
        expect(parser.currentToken() == JsonToken.END_OBJECT, "body", -1, "must be a JSON object");
        expect(parser.nextToken() == null, "body", -1, "has content after the batch object");
        expect(version != null, "version", -1, "is required");
        expect(reporter != null, "reporter", -1, "is required");
        expect(samples != null, "samples", -1, "is required");
        return new PushBatch(version, reporter, samples);
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

    private List<WireSample> samples(JsonParser parser, JsonToken token) throws IOException, BatchFormatException {
        expect(token == JsonToken.START_ARRAY, "samples", -1, "must be an array");
        List<WireSample> samples = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            int index = samples.size();
            expect(index < limits.maxSamples(), "samples", -1, "has more than " + limits.maxSamples() + " samples");
            samples.add(sample(parser, index));
        }
        return samples;
    }

    private WireSample sample(JsonParser parser, int index) throws IOException, BatchFormatException {
        expect(parser.currentToken() == JsonToken.START_OBJECT, "sample", index, "must be an object");
        String name = null;
        Map<String, String> labels = Map.of();
        Double value = null;
        Long timestamp = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "name" -> {
                    name = text(parser, token, "name", index);
                    expect(name.length() <= limits.maxNameLength() && METRIC_NAME.matcher(name).matches(), "name", index,
                            "'" + abbreviate(name) + "' is not a valid metric name");
                }
                case "labels" -> labels = labels(parser, token, index);
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
                default -> throw new BatchFormatException(field, index, "is not a known field");
            }
        }
        expect(name != null, "name", index, "is required");
        expect(value != null, "value", index, "is required");
        expect(timestamp != null, "timestamp", index, "is required");
        return new WireSample(name, labels, value, timestamp);
    }

    private Map<String, String> labels(JsonParser parser, JsonToken token, int index) throws IOException, BatchFormatException {
        expect(token == JsonToken.START_OBJECT, "labels", index, "must be an object of strings");
        Map<String, String> labels = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String label = parser.currentName();
            expect(labels.size() < limits.maxLabelsPerSample(), "labels", index, "has more than " + limits.maxLabelsPerSample() + " labels");
            expect(label.length() <= limits.maxNameLength() && LABEL_NAME.matcher(label).matches() && !label.startsWith("__"),
                    "labels", index, "'" + abbreviate(label) + "' is not a valid label name");
            String value = text(parser, parser.nextToken(), "labels." + label, index);
            expect(value.length() <= limits.maxLabelValueLength(), "labels." + label, index,
                    "is longer than " + limits.maxLabelValueLength() + " characters");
            labels.put(label, value);
        }
        return labels;
    }

    private static String text(JsonParser parser, JsonToken token, String field, int index) throws IOException, BatchFormatException {
        expect(token == JsonToken.VALUE_STRING, field, index, "must be a string");
        return parser.getText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static void expect(boolean condition, String field, int index, String problem) throws BatchFormatException {
        if (!condition) {
            throw new BatchFormatException(field, index, problem);
        }
    }
}

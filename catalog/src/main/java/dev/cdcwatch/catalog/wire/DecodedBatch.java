package dev.cdcwatch.catalog.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A push batch decoded for ingest: values and timestamps in arrays, and for each sample the raw
 * bytes of its name and labels where the format keeps them together, its series key.
 * A reporter sends the same series with the same bytes every interval, so the engine can find a
 * series by comparing key hashes and decode labels (and check them) only for keys it has not seen,
 * much as Prometheus caches scraped series by their text.
 */
public final class DecodedBatch {

    private final int version;
    private final ReporterIdentity reporter;
    private final KeyDecoder keys;
    private final byte[] body;
    private final long keySalt;
    private final int size;
    private final String[] names;
    private final Map<String, String>[] labels;
    private final int[] keyFrom;
    private final int[] keyTo;
    private final double[] values;
    private final long[] timestamps;

    /**
     * @param keySalt mixed into every key hash: a hash of what the keys' bytes refer to outside
     *                themselves (the binary format's symbol table), 0 when keys stand alone
     */
    DecodedBatch(int version, ReporterIdentity reporter, KeyDecoder keys, byte[] body, long keySalt, Samples samples) {
        this.version = version;
        this.reporter = reporter;
        this.keys = keys;
        this.body = body;
        this.keySalt = keySalt;
        this.size = samples.size;
        this.names = samples.names;
        this.labels = samples.labels;
        this.keyFrom = samples.keyFrom;
        this.keyTo = samples.keyTo;
        this.values = samples.values;
        this.timestamps = samples.timestamps;
    }

    /** A batch built in process; no sample has a raw key. */
    public static DecodedBatch of(PushBatch batch) {
        Samples samples = new Samples();
        for (WireSample sample : batch.samples()) {
            samples.add(sample.name(), sample.labels(), -1, -1, sample.value(), sample.timestampMillis());
        }
        return new DecodedBatch(batch.version(), batch.reporter(), null, null, 0, samples);
    }

    public int version() {
        return version;
    }

    public ReporterIdentity reporter() {
        return reporter;
    }

    public int size() {
        return size;
    }

    public double value(int index) {
        return values[index];
    }

    public long timestampMillis(int index) {
        return timestamps[index];
    }

    /**
     * The sample's metric name, decoded now (with its labels) if it was skipped.
     *
     * @throws BatchFormatException naming the sample and what is wrong with its name or labels
     */
    public String name(int index) throws BatchFormatException {
        decodeKey(index);
        return names[index];
    }

    /** Whether the sample has a raw series key; the same key always means the same name and labels. */
    public boolean hasKey(int index) {
        return keyFrom[index] >= 0;
    }

    /**
     * A 64-bit hash of the sample's key. Two different keys at one position of a reporter's batches
     * share a hash with a chance of about 2^-64, so a cache holds this rather than the key's bytes.
     */
    public long keyHash(int index) {
        return KeyHash.of(body, keyFrom[index], keyTo[index]) ^ keySalt;
    }

    /**
     * The sample's labels, decoded now if they were skipped; the metric name and every label are
     * checked against the codec's rules and limits on the way.
     *
     * @throws BatchFormatException naming the sample and what is wrong with its name or labels
     */
    public Map<String, String> labels(int index) throws BatchFormatException {
        decodeKey(index);
        return labels[index];
    }

    private void decodeKey(int index) throws BatchFormatException {
        if (labels[index] == null) {
            SeriesKey key = keys.decodeKey(body, keyFrom[index], keyTo[index], index);
            names[index] = key.name();
            labels[index] = key.labels();
        }
    }

    /** The whole batch as values, decoding and checking every sample. */
    public PushBatch toPushBatch() throws BatchFormatException {
        List<WireSample> samples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            samples.add(new WireSample(name(i), labels(i), values[i], timestamps[i]));
        }
        return new PushBatch(version, reporter, samples);
    }

    /** The columns a decoder fills, growing as samples come. */
    static final class Samples {
        private int size;
        private String[] names;
        private Map<String, String>[] labels;
        private int[] keyFrom;
        private int[] keyTo;
        private double[] values;
        private long[] timestamps;

        Samples() {
            this(16);
        }

        @SuppressWarnings("unchecked")
        Samples(int capacity) {
            int initial = Math.max(1, capacity);
            names = new String[initial];
            labels = new Map[initial];
            keyFrom = new int[initial];
            keyTo = new int[initial];
            values = new double[initial];
            timestamps = new long[initial];
        }

        int size() {
            return size;
        }

        void add(String name, Map<String, String> sampleLabels, int from, int to, double value, long timestamp) {
            if (size == names.length) {
                int capacity = size * 2;
                names = Arrays.copyOf(names, capacity);
                labels = Arrays.copyOf(labels, capacity);
                keyFrom = Arrays.copyOf(keyFrom, capacity);
                keyTo = Arrays.copyOf(keyTo, capacity);
                values = Arrays.copyOf(values, capacity);
                timestamps = Arrays.copyOf(timestamps, capacity);
            }
            names[size] = name;
            labels[size] = sampleLabels;
            keyFrom[size] = from;
            keyTo[size] = to;
            values[size] = value;
            timestamps[size] = timestamp;
            size++;
        }
    }
}

package dev.cdcwatch.catalog.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes batches in the {@link BinaryBatchCodec binary format} for one reporter, one batch at a
 * time. Its symbol table lives across batches, so a series' key has the same bytes in every batch
 * and the engine finds it without decoding it. The table is rebuilt when more than half of it went
 * unused (series came and went); the engine then decodes each key of that batch once more.
 * Not thread-safe.
 */
public final class BinaryBatchEncoder {

    private static final int REBUILD_ABOVE_SYMBOLS = 1024;

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<byte[]> symbols = new ArrayList<>();
    private final BitSet used = new BitSet();
    private final ByteWriter keys = new ByteWriter(4096);
    private final ByteWriter out = new ByteWriter(4096);
    private int[] keyEnds = new int[64];

    /** The batch's bytes; samples with a value that is not finite are left out, as the format requires. */
    public byte[] encode(ReporterIdentity reporter, List<WireSample> samples) {
        write(reporter, samples);
        return Arrays.copyOf(out.array(), out.size());
    }

    /** Writes the batch to {@code target} (a gzip stream, say) without copying it first. */
    public void encode(ReporterIdentity reporter, List<WireSample> samples, OutputStream target) throws IOException {
        write(reporter, samples);
        target.write(out.array(), 0, out.size());
    }

    private void write(ReporterIdentity reporter, List<WireSample> samples) {
        if (symbols.size() > REBUILD_ABOVE_SYMBOLS && used.cardinality() * 2 < symbols.size()) {
            ids.clear();
            symbols.clear();
        }
        used.clear();
        keys.clear();
        if (keyEnds.length < samples.size()) {
            keyEnds = new int[samples.size()];
        }
        int count = 0;
        for (WireSample sample : samples) {
            if (!Double.isFinite(sample.value())) {
                continue;
            }
            keys.varlong(id(sample.name()));
            keys.varlong(sample.labels().size());
            for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                keys.varlong(id(label.getKey()));
                keys.varlong(id(label.getValue()));
            }
            keyEnds[count++] = keys.size();
        }

        out.clear();
        out.write(BinaryBatchCodec.MAGIC);
        out.write(new byte[] {BinaryBatchCodec.VERSION});
        out.string(utf8(reporter.job()));
        out.string(utf8(reporter.host()));
        out.string(utf8(reporter.instance()));
        out.varlong(reporter.processStartMillis());
        out.varlong(symbols.size());
        for (byte[] symbol : symbols) {
            out.string(symbol);
        }
        out.varlong(count);
        long previous = 0;
        int sample = 0;
        int keyStart = 0;
        for (WireSample wire : samples) {
            if (!Double.isFinite(wire.value())) {
                continue;
            }
            int keyEnd = keyEnds[sample++];
            out.varlong(keyEnd - keyStart);
            out.write(keys.array(), keyStart, keyEnd - keyStart);
            out.float64(wire.value());
            out.signedVarlong(wire.timestampMillis() - previous);
            previous = wire.timestampMillis();
            keyStart = keyEnd;
        }
    }

    private int id(String symbol) {
        Integer id = ids.get(symbol);
        if (id == null) {
            id = symbols.size();
            byte[] bytes = utf8(symbol);
            if (bytes.length > BinaryBatchCodec.MAX_STRING_BYTES) {
                throw new IllegalArgumentException("a name or label of " + bytes.length + " bytes is over the format's "
                        + BinaryBatchCodec.MAX_STRING_BYTES);
            }
            symbols.add(bytes);
            ids.put(symbol, id);
        }
        used.set(id);
        return id;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

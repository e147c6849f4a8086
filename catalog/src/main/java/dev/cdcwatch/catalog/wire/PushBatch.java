package dev.cdcwatch.catalog.wire;

import java.util.List;

/**
 * What a reporter pushes to the alert engine each interval: who it is and the samples it read.
 * Encoded by {@link PushBatchCodec}; the engine rejects versions it does not know.
 */
public record PushBatch(int version, ReporterIdentity reporter, List<WireSample> samples) {

    public static final int CURRENT_VERSION = 1;

    public PushBatch {
        samples = List.copyOf(samples);
    }
}

package dev.cdcwatch.catalog.wire;

/** Bounds a decoder enforces so that one batch cannot exhaust the engine; the same for every push format. */
public record BatchLimits(int maxSamples, int maxLabelsPerSample, int maxNameLength, int maxLabelValueLength) {

    public static final BatchLimits DEFAULT = new BatchLimits(200_000, 32, 200, 1024);
}

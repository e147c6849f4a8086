package dev.cdcwatch.catalog.wire;

/** A push body that is not a valid batch; the message names the field and, where there is one, the sample index. */
public final class BatchFormatException extends Exception {

    private final String field;
    private final int sampleIndex;

    public BatchFormatException(String field, int sampleIndex, String problem) {
        super((sampleIndex >= 0 ? "samples[" + sampleIndex + "]." : "") + field + ": " + problem);
        this.field = field;
        this.sampleIndex = sampleIndex;
    }

    public String field() {
        return field;
    }

    /** The index of the offending sample, or -1 when the problem is outside the samples. */
    public int sampleIndex() {
        return sampleIndex;
    }
}

package dev.cdcwatch.reporter.push;

/**
 * A push batch, encoded and gzipped once when it is taken, so a full buffer holds compressed bytes only.
 *
 * @param body            gzipped JSON in the catalog's push format
 * @param takenAtMillis   when its samples were read
 * @param samples         how many samples it carries
 */
public record EncodedBatch(byte[] body, long takenAtMillis, int samples) {
}

package dev.cdcwatch.reporter.push;

/**
 * A push batch, encoded and gzipped once when it is taken, so a full buffer holds compressed bytes only.
 *
 * @param body            gzipped, in one of the catalog's push formats
 * @param contentType     that format's Content-Type, which tells the engine how to read the body
 * @param takenAtMillis   when its samples were read
 * @param samples         how many samples it carries
 */
public record EncodedBatch(byte[] body, String contentType, long takenAtMillis, int samples) {
}

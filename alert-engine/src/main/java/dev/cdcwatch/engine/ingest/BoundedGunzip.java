package dev.cdcwatch.engine.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Inflates a gzip body but stops at a size limit, so a small "gzip bomb" cannot fill the heap. */
final class BoundedGunzip {

    /** The inflated body would exceed the limit. */
    static final class TooLargeException extends Exception {
        TooLargeException(long limit) {
            super("the gzip body inflates to more than " + limit + " bytes (ingest.max-inflated-bytes)");
        }
    }

    private BoundedGunzip() {
    }

    /**
     * @throws TooLargeException when the inflated body exceeds {@code maxBytes}
     * @throws IOException       when the body is not valid gzip
     */
    static byte[] inflate(byte[] compressed, long maxBytes) throws IOException, TooLargeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(compressed.length * 4, 1 << 20));
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), buffer.length)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                total += read;
                if (total > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                out.write(buffer, 0, read);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException("is not valid gzip: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}

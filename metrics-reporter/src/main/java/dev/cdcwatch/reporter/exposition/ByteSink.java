package dev.cdcwatch.reporter.exposition;

import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte buffer, reused across scrapes by one thread; unlike ByteArrayOutputStream it takes no lock. */
public final class ByteSink extends OutputStream {

    private byte[] buffer;
    private int count;

    public ByteSink(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    public void reset() {
        count = 0;
    }

    public int size() {
        return count;
    }

    public byte[] array() {
        return buffer;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, count);
    }

    void ensure(int extra) {
        if (count + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + extra));
        }
    }

    void put(byte b) {
        buffer[count++] = b;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    public void writeTo(OutputStream out) throws java.io.IOException {
        out.write(buffer, 0, count);
    }
}

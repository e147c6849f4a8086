package dev.cdcwatch.catalog.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads the binary push format's primitives from a byte array, refusing to read past its end. */
final class ByteReader {

    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private final int end;
    private int position;

    ByteReader(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.position = from;
        this.end = to;
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    /** An unsigned LEB128 varint of at most 64 bits. */
    long varlong(String field, int index) throws BatchFormatException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            KeyRules.expect(position < end, field, index, "the body ends inside it");
            byte b = bytes[position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new BatchFormatException(field, index, "is a varint longer than 10 bytes");
    }

    /** A signed value written by {@link ByteWriter#signedVarlong}. */
    long signedVarlong(String field, int index) throws BatchFormatException {
        long zigzag = varlong(field, index);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    /** A varint that must lie in {@code [0, max]}. */
    int varint(String field, int index, int max) throws BatchFormatException {
        long value = varlong(field, index);
        if (value < 0 || value > max) {
            throw new BatchFormatException(field, index, "is " + Long.toUnsignedString(value) + "; at most " + max + " fits here");
        }
        return (int) value;
    }

    double float64(String field, int index) throws BatchFormatException {
        KeyRules.expect(remaining() >= 8, field, index, "the body ends inside it");
        double value = (double) DOUBLES.get(bytes, position);
        position += 8;
        return value;
    }

    /** Skips {@code length} bytes, returning where they start. */
    int skip(int length, String field, int index) throws BatchFormatException {
        if (length > remaining()) {
            throw new BatchFormatException(field, index, "is " + length + " bytes long but the body ends after " + remaining());
        }
        int from = position;
        position += length;
        return from;
    }
}

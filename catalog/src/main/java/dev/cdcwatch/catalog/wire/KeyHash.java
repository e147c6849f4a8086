package dev.cdcwatch.catalog.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A fast, well-mixed 64-bit hash of a byte range, eight bytes at a time; not for adversarial input. */
final class KeyHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private KeyHash() {
    }

    static long of(byte[] bytes, int from, int to) {
        long hash = (to - from) * MULTIPLIER;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            hash = Long.rotateLeft(hash ^ mix((long) LONGS.get(bytes, i)), 27) * MULTIPLIER;
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        return mix(hash ^ mix(tail));
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}

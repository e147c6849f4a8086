package dev.cdcwatch.engine.alerts;

import dev.cdcwatch.engine.series.Labels;

import java.nio.charset.StandardCharsets;

/** An alert's identity: a 64-bit FNV-1a hash of its sorted label pairs, as 16 hex digits; stable across runs and versions. */
public final class Fingerprints {

    public static final String ALERT_NAME = "alertname";

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    /** Separates names and values so that {a="bc"} and {ab="c"} differ. */
    private static final byte SEPARATOR = (byte) 0xff;

    private Fingerprints() {
    }

    public static String of(Labels labels) {
        long[] hash = {OFFSET};
        labels.forEach((name, value) -> {
            hash[0] = mix(mix(mix(hash[0], name), SEPARATOR), value);
            hash[0] = mix(hash[0], SEPARATOR);
        });
        return String.format("%016x", hash[0]);
    }

    private static long mix(long hash, String text) {
        long result = hash;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            result = mix(result, b);
        }
        return result;
    }

    private static long mix(long hash, byte b) {
        return (hash ^ (b & 0xff)) * PRIME;
    }
}

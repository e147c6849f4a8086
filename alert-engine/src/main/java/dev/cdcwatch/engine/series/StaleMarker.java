package dev.cdcwatch.engine.series;

/**
 * Prometheus's staleness marker: a NaN with a particular bit pattern that the store writes when a
 * series stops being reported. Queries treat the series as absent from that sample on.
 */
public final class StaleMarker {

    public static final long BITS = 0x7ff0000000000002L;
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleMarker() {
    }

    public static boolean is(double value) {
        return Double.doubleToRawLongBits(value) == BITS;
    }
}

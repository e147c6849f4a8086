package dev.cdcwatch.reporter.naming;

/** How a metric family is exposed. */
public enum FamilyKind {
    /** Only grows; exposed with the {@code _total} suffix. */
    COUNTER,
    GAUGE,
    /** A Flink histogram: {@code _count} and quantiles, as Flink's own Prometheus reporter exposes it. */
    SUMMARY
}

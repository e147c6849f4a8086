package dev.cdcwatch.catalog.metrics;

/** Prometheus metric types cdc-watch uses. Counters only grow (until a process restarts). */
public enum MetricType { COUNTER, GAUGE }

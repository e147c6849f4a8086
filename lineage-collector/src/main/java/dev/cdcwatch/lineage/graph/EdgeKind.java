package dev.cdcwatch.lineage.graph;

/** {@code ROUTE}: a CDC job writes the table's changes to the topic. {@code CONSUME}: the group reads the topic. */
public enum EdgeKind { ROUTE, CONSUME }

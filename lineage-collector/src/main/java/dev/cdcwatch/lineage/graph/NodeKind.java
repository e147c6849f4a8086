package dev.cdcwatch.lineage.graph;

/** What a node of the lineage graph stands for. */
public enum NodeKind { TABLE, TOPIC, GROUP }

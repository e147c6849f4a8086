package dev.cdcwatch.lineage.graph;

import dev.cdcwatch.lineage.lag.GroupStatus;

/**
 * Consumption health as of the latest poll: on a CONSUME edge the group's lag on that topic, on a
 * group node its lag over all its topics. Records are summed over partitions, seconds are the largest.
 */
public record Health(long lagRecords, double lagSeconds, GroupStatus status, long timeMillis) {
}

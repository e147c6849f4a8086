package dev.cdcwatch.lineage.lag;

/**
 * Burrow-style health of a consumer group or one of its partitions. The code is the value of
 * {@code cdc_consumer_group_status}; a group takes the highest code of its partitions.
 */
public enum GroupStatus {
    /** Caught up, or consuming without falling further behind. */
    OK(0),
    /** Lag grew at every poll of the window (the consumer is slower than the producers). */
    WARN(1),
    /** The committed offset did not move over a full window while lag stayed above 0, and the group still has members. */
    STALL(2),
    /** No commit over a full window while lag stayed above 0, and no member owns the partition (the consumer is gone). */
    STOP(3),
    /** The committed offset went back within the window (a reset or reprocessing). */
    REWIND(4);

    private final int code;

    GroupStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    GroupStatus worse(GroupStatus other) {
        return other.code > code ? other : this;
    }
}

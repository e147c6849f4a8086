package dev.cdcwatch.job.event;

/**
 * One row change as read from the binlog (or the snapshot). Row images are JSON objects rendered
 * once by the deserializer; {@code key} is the primary key as a JSON object, null for tables
 * without one.
 *
 * @param op Debezium's operation code: {@code r} snapshot read, {@code c} insert, {@code u} update, {@code d} delete;
 *           {@code h} for a {@link #heartbeat heartbeat}, which the job drops before the sink
 */
public record ChangeEvent(
        String database,
        String table,
        String op,
        String key,
        String before,
        String after,
        long sourceTimestampMillis,
        String binlogFile,
        long binlogPosition,
        boolean snapshot) {

    private static final String HEARTBEAT_OP = "h";

    /** A heartbeat from the source, stamped with its creation time; it carries no row and is never written to Kafka. */
    public static ChangeEvent heartbeat(long createdAtMillis) {
        return new ChangeEvent(null, null, HEARTBEAT_OP, null, null, null, createdAtMillis, null, 0, false);
    }

    public boolean isHeartbeat() {
        return HEARTBEAT_OP.equals(op);
    }

    /**
     * What orders changes: all changes of one row share it, so they take one path through the job
     * and land in one partition. Rows without a primary key are ordered per table.
     */
    public String partitionKey() {
        return database + "." + table + (key == null ? "" : "\u0000" + key);
    }
}

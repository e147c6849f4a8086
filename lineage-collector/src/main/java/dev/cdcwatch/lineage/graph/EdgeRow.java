package dev.cdcwatch.lineage.graph;

/** Internal to the store: an edge sighting to write: creates the edge or moves its last-seen time; health is null on ROUTE edges. */
public record EdgeRow(String sourceId, String targetId, String kind, String via, boolean declared, long seen,
               Long lagRecords, Double lagSeconds, String status) {

    /** When the health was taken: the sighting's time, when it carries health. */
    public Long healthTime() {
        return status == null ? null : seen;
    }
}

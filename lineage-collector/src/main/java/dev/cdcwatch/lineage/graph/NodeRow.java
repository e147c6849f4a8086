package dev.cdcwatch.lineage.graph;

/** Internal to the store: a node sighting to write: creates the node or moves its last-seen time; health is null except for groups. */
public record NodeRow(String id, String kind, String name, String cluster, long seen, Long lagRecords, Double lagSeconds, String status) {

    static NodeRow plain(String id, NodeKind kind, String name, long seen) {
        return new NodeRow(id, kind.name(), name, null, seen, null, null, null);
    }

    /** When the health was taken: the sighting's time, when it carries health. */
    public Long healthTime() {
        return status == null ? null : seen;
    }
}

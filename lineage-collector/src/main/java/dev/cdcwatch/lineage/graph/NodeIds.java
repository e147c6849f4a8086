package dev.cdcwatch.lineage.graph;

/**
 * Node ids. Topics carry no cluster because route metrics do not know it: topic names are taken to
 * be unique across the configured clusters.
 */
public final class NodeIds {

    private NodeIds() {
    }

    public static String table(String database, String table) {
        return "table:" + database + "." + table;
    }

    public static String table(String qualifiedTable) {
        return "table:" + qualifiedTable;
    }

    public static String topic(String topic) {
        return "topic:" + topic;
    }

    public static String group(String cluster, String group) {
        return "group:" + cluster + "/" + group;
    }

    static String edge(String source, String target) {
        return source + "->" + target;
    }
}

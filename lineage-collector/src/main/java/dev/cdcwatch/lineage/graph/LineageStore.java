package dev.cdcwatch.lineage.graph;

import dev.cdcwatch.lineage.lag.GroupLag;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The persisted graph. Its tables live beside the engine's, with their own Flyway history table
 * ({@value #HISTORY_TABLE}) and migrations ({@value #MIGRATIONS}{@code /h2}, {@code /mysql} for MySQL and
 * MariaDB, {@code /postgresql}: MySQL's keys cannot hold the edge's two ends). Writes are serialised so that
 * the poll loops and the route flusher never contend for the same rows.
 */
public final class LineageStore {

    public static final String HISTORY_TABLE = "flyway_lineage_history";
    public static final String MIGRATIONS = "classpath:db/lineage";

    private final Jdbi jdbi;
    private final Object writeLock = new Object();

    private LineageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Migrates the lineage tables in the data source's schema, then opens the store. */
    public static LineageStore open(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                .locations(MIGRATIONS + "/" + SchemaVendor.folder(dataSource, "the lineage database"))
                // The schema may already hold the engine's tables; baseline below V1 so that V1 still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.installPlugin(new SqlObjectPlugin());
        return new LineageStore(jdbi);
    }

    /**
     * Makes {@code declared} the set of declared edges: edges declared before but not any more become
     * ordinary edges, which age out {@code stale-after} from when they were last declared.
     */
    public void replaceDeclared(List<RouteSighting> declared) {
        synchronized (writeLock) {
            jdbi.useTransaction(handle -> {
                handle.attach(LineageDao.class).undeclareAll();
                write(handle.attach(LineageDao.class), routeRows(declared));
            });
        }
    }

    public void recordRoutes(List<RouteSighting> routes) {
        Rows rows = routeRows(routes);
        if (!rows.isEmpty()) {
            synchronized (writeLock) {
                jdbi.useTransaction(handle -> write(handle.attach(LineageDao.class), rows));
            }
        }
    }

    private static Rows routeRows(List<RouteSighting> routes) {
        List<NodeRow> nodes = new ArrayList<>();
        List<EdgeRow> edges = new ArrayList<>();
        for (RouteSighting route : routes) {
            String table = NodeIds.table(route.database(), route.table());
            String topic = NodeIds.topic(route.topic());
            nodes.add(NodeRow.plain(table, NodeKind.TABLE, route.database() + "." + route.table(), route.timeMillis()));
            nodes.add(NodeRow.plain(topic, NodeKind.TOPIC, route.topic(), route.timeMillis()));
            edges.add(new EdgeRow(table, topic, EdgeKind.ROUTE.name(), route.job(), route.declared(), route.timeMillis(), null, null, null));
        }
        return new Rows(nodes, edges);
    }

    /** Records one successful poll: groups, the topics they read, and lag and status on each. */
    public void recordConsumption(String cluster, long timeMillis, List<GroupLag> groups) {
        List<NodeRow> nodes = new ArrayList<>();
        List<EdgeRow> edges = new ArrayList<>();
        Set<String> topics = new TreeSet<>();
        for (GroupLag group : groups) {
            String groupId = NodeIds.group(cluster, group.group());
            nodes.add(new NodeRow(groupId, NodeKind.GROUP.name(), group.group(), cluster, timeMillis,
                    group.lagRecords(), group.lagSeconds(), group.status().name()));
            for (Map.Entry<String, GroupLag.TopicLag> entry : group.byTopic().entrySet()) {
                GroupLag.TopicLag lag = entry.getValue();
                String topicId = NodeIds.topic(entry.getKey());
                topics.add(entry.getKey());
                edges.add(new EdgeRow(topicId, groupId, EdgeKind.CONSUME.name(), cluster, false, timeMillis,
                        lag.lagRecords(), lag.lagSeconds(), lag.status().name()));
            }
        }
        topics.forEach(topic -> nodes.add(NodeRow.plain(NodeIds.topic(topic), NodeKind.TOPIC, topic, timeMillis)));
        Rows rows = new Rows(nodes, edges);
        if (!rows.isEmpty()) {
            synchronized (writeLock) {
                jdbi.useTransaction(handle -> write(handle.attach(LineageDao.class), rows));
            }
        }
    }

    /** Removes edges not seen since {@code cutoffMillis} (declared ones stay), then nodes left without edges. */
    public void ageOut(long cutoffMillis) {
        synchronized (writeLock) {
            jdbi.useTransaction(handle -> {
                LineageDao dao = handle.attach(LineageDao.class);
                dao.deleteStaleEdges(cutoffMillis);
                dao.deleteStaleNodes(cutoffMillis);
            });
        }
    }

    public LineageGraph load() {
        return jdbi.inTransaction(handle -> {
            LineageDao dao = handle.attach(LineageDao.class);
            return new LineageGraph(dao.nodes(), dao.edges());
        });
    }

    /** The rows of one write, at most one per node and per edge (the latest sighting) so that inserts cannot collide. */
    private record Rows(List<NodeRow> nodes, List<EdgeRow> edges) {

        Rows {
            Map<String, NodeRow> byId = new LinkedHashMap<>();
            nodes.forEach(node -> byId.merge(node.id(), node, (a, b) -> b.seen() >= a.seen() ? b : a));
            Map<String, EdgeRow> byEnds = new LinkedHashMap<>();
            edges.forEach(edge -> byEnds.merge(edge.sourceId() + "\n" + edge.targetId(), edge, (a, b) -> {
                EdgeRow later = b.seen() >= a.seen() ? b : a;
                return new EdgeRow(later.sourceId(), later.targetId(), later.kind(), later.via(), a.declared() || b.declared(),
                        later.seen(), later.lagRecords(), later.lagSeconds(), later.status());
            }));
            nodes = List.copyOf(byId.values());
            edges = List.copyOf(byEnds.values());
        }

        boolean isEmpty() {
            return nodes.isEmpty() && edges.isEmpty();
        }
    }

    /** Updates each row's node or edge, then inserts those that did not exist; health is written only with a status. */
    private static void write(LineageDao dao, Rows rows) {
        List<NodeRow> missingNodes = new ArrayList<>();
        List<NodeRow> plainNodes = rows.nodes().stream().filter(node -> node.status() == null).toList();
        List<NodeRow> healthNodes = rows.nodes().stream().filter(node -> node.status() != null).toList();
        if (!plainNodes.isEmpty()) {
            missingNodes.addAll(missing(plainNodes, dao.updateNodes(plainNodes)));
        }
        if (!healthNodes.isEmpty()) {
            missingNodes.addAll(missing(healthNodes, dao.updateNodesWithHealth(healthNodes)));
        }
        if (!missingNodes.isEmpty()) {
            dao.insertNodes(missingNodes);
        }
        List<EdgeRow> missingEdges = new ArrayList<>();
        List<EdgeRow> plainEdges = rows.edges().stream().filter(edge -> edge.status() == null).toList();
        List<EdgeRow> healthEdges = rows.edges().stream().filter(edge -> edge.status() != null).toList();
        if (!plainEdges.isEmpty()) {
            missingEdges.addAll(missing(plainEdges, dao.updateEdges(plainEdges)));
        }
        if (!healthEdges.isEmpty()) {
            missingEdges.addAll(missing(healthEdges, dao.updateEdgesWithHealth(healthEdges)));
        }
        if (!missingEdges.isEmpty()) {
            dao.insertEdges(missingEdges);
        }
    }

    private static <T> List<T> missing(List<T> rows, int[] updated) {
        List<T> missing = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (updated[i] == 0) {
                missing.add(rows.get(i));
            }
        }
        return missing;
    }
}

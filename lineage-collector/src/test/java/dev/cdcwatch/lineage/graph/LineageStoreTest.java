package dev.cdcwatch.lineage.graph;

import dev.cdcwatch.lineage.TestDatabase;
import dev.cdcwatch.lineage.config.LineageConfig;
import dev.cdcwatch.lineage.lag.GroupLag;
import dev.cdcwatch.lineage.lag.GroupStatus;
import dev.cdcwatch.lineage.lag.PartitionLag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LineageStoreTest {

    private final TestDatabase database = new TestDatabase();

    @AfterEach
    void closeDatabase() throws SQLException {
        database.close();
    }

    /** The database under test: in-memory H2 here; subclasses run the same tests on MariaDB and PostgreSQL. */
    protected DataSource dataSource() {
        return database.dataSource();
    }

    private static GroupLag group(String group, String topic, long lag, GroupStatus status) {
        return new GroupLag("main", group, "Stable", 1, status,
                List.of(new PartitionLag(topic, 0, 10, 10 + lag, lag, lag > 0 ? 2.5 : 0, false, status)));
    }

    private static RouteSighting route(String table, String topic, long time) {
        String[] parts = table.split("\\.");
        return new RouteSighting("cdc", parts[0], parts[1], topic, time, false);
    }

    @Test
    void sightingsKeepFirstSeenAndMoveLastSeen() {
        LineageStore store = LineageStore.open(dataSource());
        store.recordRoutes(List.of(route("shop.orders", "orders", 1_000)));
        store.recordRoutes(List.of(route("shop.orders", "orders", 5_000)));
        store.recordRoutes(List.of(route("shop.orders", "orders", 3_000)));

        LineageEdge edge = store.load().edges().get(0);
        assertThat(edge.id()).isEqualTo("table:shop.orders->topic:orders");
        assertThat(edge.firstSeenMillis()).isEqualTo(1_000);
        assertThat(edge.lastSeenMillis()).isEqualTo(5_000);
        assertThat(edge.kind()).isEqualTo(EdgeKind.ROUTE);
    }

    @Test
    void oneTableRoutedToSeveralTopicsByTwoJobsIsOneNodeWithAnEdgePerTopic() {
        LineageStore store = LineageStore.open(dataSource());
        store.recordRoutes(List.of(route("shop.orders", "orders", 1_000), route("shop.orders", "orders-audit", 1_000),
                new RouteSighting("backup-job", "shop", "orders", "orders", 2_000, false)));

        LineageGraph graph = store.load();
        assertThat(graph.nodes()).extracting(LineageNode::id).containsExactlyInAnyOrder("table:shop.orders", "topic:orders", "topic:orders-audit");
        assertThat(graph.edges()).extracting(LineageEdge::id, LineageEdge::via).containsExactlyInAnyOrder(
                tuple("table:shop.orders->topic:orders", "backup-job"), tuple("table:shop.orders->topic:orders-audit", "cdc"));
    }

    @Test
    void consumptionCarriesLatestLagAndStatusOnEdgeAndGroup() {
        LineageStore store = LineageStore.open(dataSource());
        store.recordConsumption("main", 1_000, List.of(group("billing", "orders", 7, GroupStatus.WARN)));
        store.recordConsumption("main", 2_000, List.of(group("billing", "orders", 3, GroupStatus.OK)));

        LineageGraph graph = store.load();
        LineageEdge edge = graph.edges().get(0);
        assertThat(edge.source()).isEqualTo("topic:orders");
        assertThat(edge.target()).isEqualTo("group:main/billing");
        assertThat(edge.health()).isEqualTo(new Health(3, 2.5, GroupStatus.OK, 2_000));
        assertThat(graph.nodes()).filteredOn(node -> node.kind() == NodeKind.GROUP).singleElement()
                .satisfies(node -> {
                    assertThat(node.cluster()).isEqualTo("main");
                    assertThat(node.firstSeenMillis()).isEqualTo(1_000);
                    assertThat(node.health().lagRecords()).isEqualTo(3);
                });
    }

    @Test
    void staleEdgesAgeOutButDeclaredOnesStay() {
        LineageStore store = LineageStore.open(dataSource());
        store.recordRoutes(List.of(route("shop.orders", "orders", 1_000)));
        store.recordRoutes(RouteSighting.declared(List.of(new LineageConfig.DeclaredEdge("legacy", "crm", "customers", "customers")), 1_000));
        store.recordRoutes(List.of(route("shop.items", "items", 9_000)));

        store.ageOut(5_000);

        LineageGraph graph = store.load();
        assertThat(graph.edges()).extracting(LineageEdge::id)
                .containsExactlyInAnyOrder("table:crm.customers->topic:customers", "table:shop.items->topic:items");
        assertThat(graph.nodes()).extracting(LineageNode::id)
                .containsExactlyInAnyOrder("table:crm.customers", "topic:customers", "table:shop.items", "topic:items");
    }

    @Test
    void anEdgeNoLongerDeclaredAgesOutLikeAnyOther() {
        LineageStore store = LineageStore.open(dataSource());
        store.replaceDeclared(RouteSighting.declared(List.of(new LineageConfig.DeclaredEdge("legacy", "crm", "customers", "customers"),
                new LineageConfig.DeclaredEdge("legacy", "crm", "leads", "leads")), 1_000));

        store.replaceDeclared(RouteSighting.declared(List.of(new LineageConfig.DeclaredEdge("legacy", "crm", "leads", "leads")), 9_000));
        store.ageOut(5_000);

        assertThat(store.load().edges()).extracting(LineageEdge::id).containsExactly("table:crm.leads->topic:leads");
    }

    @Test
    void impactQueriesReturnExactlyWhatIsConnected() {
        LineageStore store = LineageStore.open(dataSource());
        store.recordRoutes(List.of(route("shop.orders", "orders", 1_000), route("shop.items", "items", 1_000),
                route("crm.customers", "customers", 1_000)));
        store.recordConsumption("main", 1_000, List.of(
                group("billing", "orders", 0, GroupStatus.OK),
                group("search", "items", 0, GroupStatus.OK),
                new GroupLag("main", "warehouse", "Stable", 1, GroupStatus.OK, List.of(
                        new PartitionLag("orders", 0, 1, 1, 0, 0, false, GroupStatus.OK),
                        new PartitionLag("items", 0, 1, 1, 0, 0, false, GroupStatus.OK)))));
        LineageGraph graph = store.load();

        Impact orders = graph.impactOfTable("shop.orders");
        assertThat(orders.topics()).extracting(LineageNode::name).containsExactly("orders");
        assertThat(orders.groups()).extracting(LineageNode::name).containsExactlyInAnyOrder("billing", "warehouse");
        assertThat(orders.tables()).isEmpty();

        Impact warehouse = graph.impactOfGroup("warehouse");
        assertThat(warehouse.tables()).extracting(LineageNode::name).containsExactlyInAnyOrder("shop.orders", "shop.items");
        assertThat(warehouse.topics()).extracting(LineageNode::name).containsExactlyInAnyOrder("orders", "items");
        assertThat(warehouse.groups()).isEmpty();

        assertThat(graph.impactOfGroup("main/search").tables()).extracting(LineageNode::name).containsExactly("shop.items");
        assertThat(graph.impactOfTable("crm.customers").groups()).isEmpty();
        assertThat(graph.impactOfTable("no.such").roots()).isEmpty();
    }

    @Test
    void migrationsRunBesideAnotherApplicationsTables() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE engine_alerts (id INT PRIMARY KEY)");
        }

        LineageStore.open(dataSource()).recordRoutes(List.of(route("shop.orders", "orders", 1_000)));
        LineageStore reopened = LineageStore.open(dataSource());

        assertThat(reopened.load().edges()).hasSize(1);
    }

    @Test
    void nodeGraphColoursGroupsByStatusAndFiringAlerts() {
        LineageStore store = LineageStore.open(dataSource());
        store.recordRoutes(List.of(route("shop.orders", "orders", 1_000)));
        store.recordConsumption("main", 1_000, List.of(group("billing", "orders", 12, GroupStatus.WARN),
                group("audit", "orders", 0, GroupStatus.OK)));

        NodeGraph view = NodeGraphView.of(store.load(), Map.of("table:shop.orders", 2));

        assertThat(view.nodes()).filteredOn(node -> node.id().equals("group:main/billing")).singleElement()
                .satisfies(node -> {
                    assertThat(node.arc__warn()).isEqualTo(1);
                    assertThat(node.mainStat()).isEqualTo("12 records behind");
                });
        assertThat(view.nodes()).filteredOn(node -> node.id().equals("table:shop.orders")).singleElement()
                .satisfies(node -> assertThat(node.arc__error()).isEqualTo(1));
        assertThat(view.nodes()).filteredOn(node -> node.id().equals("group:main/audit")).singleElement()
                .satisfies(node -> assertThat(node.arc__ok()).isEqualTo(1));
        assertThat(view.edges()).extracting(NodeGraph.Edge::source, NodeGraph.Edge::target).contains(
                tuple("table:shop.orders", "topic:orders"),
                tuple("topic:orders", "group:main/billing"));
    }
}

package dev.cdcwatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDashboardFileOnTheClassPathIsListedAndLoads() throws IOException, URISyntaxException {
        Path folder = Path.of(Dashboards.class.getClassLoader().getResource(Dashboards.FOLDER).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.json$", "")))
                    .containsExactlyInAnyOrderElementsOf(Dashboards.UIDS);
        }
        assertThat(Dashboards.all()).extracting(Dashboard::uid).containsExactlyElementsOf(Dashboards.UIDS);
        assertThat(Dashboards.all()).extracting(Dashboard::title)
                .containsExactly("CDC overview", "CDC job detail", "CDC consumer lag", "CDC lineage and alerts");
    }

    @Test
    void dashboardsUseTheCurrentSchemaAndUniquePanelIds() throws IOException {
        for (Dashboard dashboard : Dashboards.all()) {
            JsonNode root = JSON.readTree(dashboard.json());
            assertThat(root.path("schemaVersion").asInt()).as(dashboard.uid()).isGreaterThanOrEqualTo(39);
            assertThat(root.path("id").isMissingNode() || root.path("id").isNull())
                    .as("%s carries no database id, so Grafana can import it anywhere", dashboard.uid()).isTrue();
            List<Integer> ids = new ArrayList<>();
            collectPanelIds(root.path("panels"), ids);
            assertThat(ids).as("%s panel ids", dashboard.uid()).doesNotHaveDuplicates().doesNotContain(0);
        }
    }

    private static void collectPanelIds(JsonNode panels, List<Integer> ids) {
        for (JsonNode panel : panels) {
            ids.add(panel.path("id").asInt());
            collectPanelIds(panel.path("panels"), ids);
        }
    }

    @Test
    void lineageDashboardFeedsTheNodeGraphWithNodesAndEdgesFromTheEngine() {
        Dashboard lineage = Dashboards.byUid("cdcwatch-lineage-alerts").orElseThrow();

        assertThat(lineage.engineQueries())
                .filteredOn(q -> q.url().equals("/api/v1/lineage/graph"))
                .extracting(EngineQuery::format, EngineQuery::rootSelector)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("node-graph-nodes", "nodes"),
                        org.assertj.core.groups.Tuple.tuple("node-graph-edges", "edges"));
        assertThat(lineage.engineQueries()).extracting(EngineQuery::source).contains("annotation cdc-watch alerts");
    }

    @Test
    void engineQueriesUseOnlyTheLineageAndAlertHistoryEndpoints() {
        assertThat(Dashboards.all()).flatExtracting(Dashboard::engineQueries).extracting(EngineQuery::url)
                .isNotEmpty()
                .allSatisfy(url -> assertThat(url).isIn("/api/v1/lineage/graph", "/api/v1/grafana/alerts"));
    }

    @Test
    void unknownDashboardUidFindsNothing() {
        assertThat(Dashboards.byUid("../../etc/passwd")).isEmpty();
    }

    @Test
    void panelOnAnUnprovisionedDataSourceIsRejectedWithItsTitle() {
        String json = """
                {"uid": "x", "title": "X", "panels": [
                  {"type": "timeseries", "title": "Lag", "datasource": {"uid": "some-other-prometheus"},
                   "targets": [{"refId": "A", "expr": "up"}]}]}
                """;
        assertThatThrownBy(() -> DashboardParser.parse(json, "x.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("panel 'Lag'")
                .hasMessageContaining("some-other-prometheus");
    }
}

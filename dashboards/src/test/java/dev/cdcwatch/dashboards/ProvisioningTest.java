package dev.cdcwatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cdcwatch.testkit.TempDirs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProvisioningTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void provisioningFilesAreOnTheClassPathForTheEngineToServe() {
        assertThat(Dashboards.PROVISIONING_RESOURCES).allSatisfy(name -> assertThat(Dashboards.resourceText(name)).isPresent());
        assertThat(Dashboards.resourceText(Dashboards.PROMETHEUS_EXAMPLE)).isPresent();
    }

    @Test
    void datasourceProvisioningPinsTheUidsTheDashboardsUse() throws IOException {
        JsonNode datasources = YAML.readTree(resource("provisioning/datasources/cdcwatch.yaml")).path("datasources");
        List<String> uids = new ArrayList<>();
        datasources.forEach(ds -> uids.add(ds.path("uid").asText()));

        assertThat(uids).containsExactlyInAnyOrder(Datasources.PROMETHEUS_UID, Datasources.ENGINE_UID);
        assertThat(datasources).anySatisfy(ds -> {
            assertThat(ds.path("uid").asText()).isEqualTo(Datasources.ENGINE_UID);
            assertThat(ds.path("type").asText()).isEqualTo(Datasources.ENGINE_PLUGIN);
            assertThat(ds.path("url").asText()).startsWith("http://");
        });
        assertThat(datasources).anySatisfy(ds -> {
            assertThat(ds.path("uid").asText()).isEqualTo(Datasources.PROMETHEUS_UID);
            assertThat(ds.path("type").asText()).isEqualTo("prometheus");
        });
    }

    @Test
    void dashboardProviderLoadsAFolderOfFiles() throws IOException {
        JsonNode provider = YAML.readTree(resource("provisioning/dashboards/cdcwatch.yaml")).path("providers").get(0);

        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).startsWith("/");
    }

    @Test
    void promtoolAcceptsTheExampleScrapeConfig() throws Exception {
        Path dir = TempDirs.create("cdcwatch-promtool");
        try {
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, resource(Dashboards.PROMETHEUS_EXAMPLE));
            Process promtool = new ProcessBuilder("promtool", "check", "config", config.toString()).redirectErrorStream(true).start();
            assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(promtool.exitValue()).as(output).isZero();
            assertThat(output).contains("SUCCESS");
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Test
    void exampleScrapeConfigKeepsTheReportersJobLabel() throws IOException {
        JsonNode scrapeConfigs = YAML.readTree(resource(Dashboards.PROMETHEUS_EXAMPLE)).path("scrape_configs");

        assertThat(scrapeConfigs).anySatisfy(job -> {
            assertThat(job.path("job_name").asText()).isEqualTo("cdcwatch-flink");
            assertThat(job.path("honor_labels").asBoolean())
                    .as("the reporter's job label (the Flink job name) must win over the scrape job's name").isTrue();
        });
        assertThat(scrapeConfigs).anySatisfy(job -> assertThat(job.path("job_name").asText()).isEqualTo("cdcwatch-engine"));
    }

    private static String resource(String name) {
        return Dashboards.resourceText(name).orElseThrow(() -> new AssertionError(name + " is not on the class path"));
    }
}

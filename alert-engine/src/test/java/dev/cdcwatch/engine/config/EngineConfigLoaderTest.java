package dev.cdcwatch.engine.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineConfigLoaderTest {

    private static EngineConfig parse(String yaml, Map<String, String> environment) {
        return new EngineConfigLoader(environment::get).parse(yaml);
    }

    @Test
    void emptyConfigGivesTheEmbeddedDefaults() {
        EngineConfig config = parse("", Map.of());

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
        assertThat(config.auth().enabled()).isTrue();
        assertThat(config.auth().ingestToken()).isNull();
        assertThat(config.evaluation().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.evaluation().lookbackDelta()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.rules().files()).containsExactly("classpath:rules/default-rules.yml");
        assertThat(config.storage().jdbcUrl()).startsWith("jdbc:h2:file:" + config.dataDir().resolve("cdcwatch-engine")).contains("WRITE_DELAY=0", "AUTO_SERVER=TRUE");
        assertThat(config.store().maxSeries()).isEqualTo(1_000_000);
        assertThat(config.ingest().maxBodyBytes()).isEqualTo(8L << 20);
        assertThat(config.alerts().historyRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void environmentVariablesOverrideSingleKeys() {
        EngineConfig config = parse("server:\n  port: 9000\n", Map.of(
                "CDCWATCH_SERVER_PORT", "9100",
                "CDCWATCH_INGEST_MAX_BODY_BYTES", "4096",
                "CDCWATCH_AUTH_ENABLED", "false",
                "CDCWATCH_RULES_FILES", "a.yml, b.yml"));

        assertThat(config.server().port()).isEqualTo(9100);
        assertThat(config.ingest().maxBodyBytes()).isEqualTo(4096);
        assertThat(config.auth().enabled()).isFalse();
        assertThat(config.rules().files()).hasSize(2).allMatch(file -> Path.of(file).isAbsolute());
    }

    @Test
    void environmentReferencesInTheFileAreReplaced() {
        EngineConfig config = parse("auth:\n  admin-token: ${ADMIN_TOKEN}\n  ingest-token: ${INGEST:-ingest-default-0123456789}\n",
                Map.of("ADMIN_TOKEN", "admin-from-env-0123456789"));

        assertThat(config.auth().adminToken()).isEqualTo("admin-from-env-0123456789");
        assertThat(config.auth().ingestToken()).isEqualTo("ingest-default-0123456789");
    }

    @Test
    void lineageRunsEmbeddedUnlessTheModeSaysExternal() {
        assertThat(parse("lineage:\n  clusters: []\n", Map.of()).lineage()).hasValueSatisfying(lineage ->
                assertThat(lineage.mode()).isEqualTo(EngineConfig.Lineage.Mode.EMBEDDED));
        EngineConfig external = parse("lineage:\n  mode: external\n  graph:\n    stale-after: 1h\n", Map.of());

        assertThat(external.lineage()).hasValueSatisfying(lineage -> {
            assertThat(lineage.mode()).isEqualTo(EngineConfig.Lineage.Mode.EXTERNAL);
            assertThat(lineage.collector().graph().staleAfter()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void externalLineageRefusesClustersWhichBelongInTheStandaloneCollectorsFile() {
        assertThatThrownBy(() -> parse("lineage:\n  mode: external\n  clusters:\n    - name: a\n      bootstrap-servers: k:9092\n", Map.of()))
                .hasMessageContaining("'lineage.clusters' belongs in the standalone collector's file");
    }

    @Test
    void unknownKeyIsNamedWithItsPath() {
        assertThatThrownBy(() -> parse("server:\n  prot: 1\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'server.prot' is not a known key");
    }

    @Test
    void badValueIsNamedWithItsKeyAndEnvironmentVariableValuesAreCheckedToo() {
        assertThatThrownBy(() -> parse("evaluation:\n  interval: often\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'evaluation.interval' must be a duration");
        assertThatThrownBy(() -> parse("", Map.of("CDCWATCH_SERVER_PORT", "70000")))
                .hasMessageContaining("'server.port' must be between 0 and 65535");
        assertThatThrownBy(() -> parse("auth:\n  ingest-token: short\n", Map.of()))
                .hasMessageContaining("'auth.ingest-token' must be at least 16 characters");
        assertThatThrownBy(() -> parse("storage:\n  jdbc-url: postgres://x\n", Map.of()))
                .hasMessageContaining("'storage.jdbc-url' must be a JDBC URL");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> parse("server:\n  port: [1,\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid YAML");
    }
}

package dev.cdcwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigNodeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    enum Guarantee { NONE, AT_LEAST_ONCE }

    /** A module's exception with its own prefix. */
    static final class JobException extends ConfigException {
        JobException(String key, String problem) {
            super("invalid job config", key, problem);
        }
    }

    private static JsonNode tree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ConfigNode node(String yaml) {
        return new ConfigNode("", tree(yaml));
    }

    @Test
    void scalarsAreReadWithTheirDefaults() {
        ConfigNode top = node("""
                source:
                  hostname: ' db1 '
                  port: 3307
                  quoted-port: "3308"
                  probes: false
                  heartbeat: 250ms
                  guarantee: at-least-once
                  big: 5000000000
                """);
        ConfigNode source = top.section("source");

        assertThat(source.path()).isEqualTo("source");
        assertThat(source.key("port")).isEqualTo("source.port");
        assertThat(source.requiredString("hostname")).isEqualTo("db1");
        assertThat(source.string("missing", "fallback")).isEqualTo("fallback");
        assertThat(source.optionalString("missing")).isNull();
        assertThat(source.integer("port", 3306, 1, 65535)).isEqualTo(3307);
        assertThat(source.integer("quoted-port", 3306, 1, 65535)).isEqualTo(3308);
        assertThat(source.integer("missing", 3306, 1, 65535)).isEqualTo(3306);
        assertThat(source.number("big", 0, 0, Long.MAX_VALUE)).isEqualTo(5_000_000_000L);
        assertThat(source.bool("probes", true)).isFalse();
        assertThat(source.bool("missing", true)).isTrue();
        assertThat(source.duration("heartbeat", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(source.duration("missing", Duration.ofDays(1), Duration.ofSeconds(1))).isEqualTo(Duration.ofDays(1));
        assertThat(source.enumValue("guarantee", Guarantee.class, Guarantee.NONE)).isEqualTo(Guarantee.AT_LEAST_ONCE);
        assertThat(source.enumValue("missing", Guarantee.class, Guarantee.NONE)).isEqualTo(Guarantee.NONE);
        assertThat(source.has("port")).isTrue();
        assertThat(source.has("missing")).isFalse();
    }

    @Test
    void everyDurationUnitIsRead() {
        ConfigNode top = node("{a: 5ms, b: 5s, c: 5m, d: 5h, e: 5d, f: 5 s}");

        assertThat(List.of("a", "b", "c", "d", "e", "f")).extracting(name -> top.duration(name, null)).containsExactly(
                Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(5), Duration.ofDays(5),
                Duration.ofSeconds(5));
    }

    @Test
    void yamlNullCountsAsAbsent() {
        ConfigNode top = node("""
                port: ~
                section:
                list:
                """);

        assertThat(top.has("port")).isFalse();
        assertThat(top.integer("port", 7, 0, 10)).isEqualTo(7);
        assertThat(top.section("section").has("x")).isFalse();
        assertThat(top.sections("list")).isEmpty();
        assertThat(top.strings("list")).isEmpty();
    }

    @Test
    void listsOfStringsAcceptASingleString() {
        ConfigNode top = node("""
                one: shop
                many: [' a ', b]
                """);

        assertThat(top.strings("one")).containsExactly("shop");
        assertThat(top.strings("many")).containsExactly("a", "b");
        assertThat(top.strings("missing", List.of("x"))).containsExactly("x");
        assertThat(top.strings("missing")).isEmpty();
    }

    @Test
    void sectionsCarryTheirIndexInTheKey() {
        ConfigNode top = node("""
                routes:
                  - table: a
                  - {table: b, topic: t}
                """);

        List<ConfigNode> routes = top.sections("routes");

        assertThat(routes).extracting(route -> route.requiredString("table")).containsExactly("a", "b");
        assertThat(routes.get(1).path()).isEqualTo("routes[1]");
        assertThatThrownBy(() -> routes.get(0).requiredString("topic"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid config: 'routes[0].topic' is required")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("routes[0].topic"));
    }

    @Test
    void mappingsKeepFileOrderAndTextAsWritten() {
        ConfigNode top = node("""
                properties:
                  z: 1
                  a: ' spaced '
                  ssl.endpoint.identification.algorithm: ""
                  unset:
                owners:
                  dba: "138, 139"
                  cdc: [140, '141,142']
                """);

        assertThat(top.stringMap("properties")).containsExactly(Map.entry("z", "1"), Map.entry("a", " spaced "),
                Map.entry("ssl.endpoint.identification.algorithm", ""), Map.entry("unset", ""));
        assertThat(top.stringMap("missing")).isEmpty();
        assertThat(top.stringListMap("owners")).containsExactly(
                Map.entry("dba", List.of("138", "139")), Map.entry("cdc", List.of("140", "141", "142")));
    }

    @Test
    void textAndRegularExpressions() {
        ConfigNode top = node("""
                password: ""
                include: "app-.*"
                """);

        assertThat(top.optionalText("password")).hasValue("");
        assertThat(top.optionalText("missing")).isEmpty();
        assertThat(top.regex("include", ".*").matcher("app-orders").matches()).isTrue();
        assertThat(top.regex("missing", ".*").pattern()).isEqualTo(".*");
        assertThat(top.optionalRegex("missing")).isEmpty();
    }

    @Test
    void badValuesNameTheirKey() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("port: abc", "'s.port' must be a whole number, got 'abc'"),
                Map.entry("port: 1.5", "'s.port' must be a whole number, got '1.5'"),
                Map.entry("port: 70000", "'s.port' must be between 1 and 65535, got 70000"),
                Map.entry("port: [1]", "'s.port' must be a single value, got a list"),
                Map.entry("probes: maybe", "'s.probes' must be true or false, got 'maybe'"),
                Map.entry("interval: 10 seconds", "'s.interval' must be a duration such as 500ms, 10s, 5m, 1h or 1d, got '10 seconds'"),
                Map.entry("interval: 99999999999999999999d", "'s.interval' must be a duration"),
                Map.entry("timeout: 5ms", "'s.timeout' must be at least 100ms, got '5ms'"),
                Map.entry("guarantee: twice", "'s.guarantee' must be one of [none, at-least-once], got 'twice'"),
                Map.entry("name: '  '", "'s.name' must not be empty"),
                Map.entry("name: {a: 1}", "'s.name' must be a single value, got a mapping"),
                Map.entry("tables: ['a', '']", "'s.tables[1]' must be a non-empty string, got ''"),
                Map.entry("tables: {a: 1}", "'s.tables' must be a list, got a mapping"),
                Map.entry("routes: {a: 1}", "'s.routes' must be a list, got a mapping"),
                Map.entry("routes: [1]", "'s.routes[0]' must be a mapping, got '1'"),
                Map.entry("props: [a]", "'s.props' must be a mapping, got a list"),
                Map.entry("props: {a: [1]}", "'s.props.a' must be a single value, got a list"),
                Map.entry("include: '('", "'s.include' is not a valid regular expression '('"),
                Map.entry("hostnme: x", "'s.hostnme' is not a known key (known here: [guarantee, hostname"));
        cases.forEach((yaml, message) -> assertThatThrownBy(() -> readAll(new ConfigNode("s", tree(yaml))))
                .as(yaml)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid config: ")
                .hasMessageContaining(message));
    }

    private static void readAll(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("hostname", "port", "probes", "interval", "timeout", "guarantee", "name", "tables",
                "routes", "props", "include"));
        node.integer("port", 0, 1, 65535);
        node.bool("probes", true);
        node.duration("interval", null);
        node.duration("timeout", null, Duration.ofMillis(100));
        node.enumValue("guarantee", Guarantee.class, Guarantee.NONE);
        node.string("name", null);
        node.strings("tables");
        node.sections("routes");
        node.stringMap("props");
        node.regex("include", ".*");
    }

    @Test
    void aTopLevelThatIsNotAMappingIsNamed() {
        assertThatThrownBy(() -> node("[a, b]"))
                .hasMessage("invalid config: '(top level)' must be a mapping, got a list");
        assertThatThrownBy(() -> node("source: [a, b]").section("source"))
                .hasMessage("invalid config: 'source' must be a mapping, got a list");
    }

    @Test
    void errorsAreMadeByTheGivenFactoryDownToNestedSections() {
        ConfigNode top = new ConfigNode("", tree("source:\n  routes:\n    - {port: x}\n"), JobException::new);

        assertThatThrownBy(() -> top.section("source").sections("routes").get(0).integer("port", 1, 1, 2))
                .isInstanceOf(JobException.class)
                .hasMessage("invalid job config: 'source.routes[0].port' must be a whole number, got 'x'")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("source.routes[0].port"));
    }

    @Test
    void environmentOverridesWinOverTheFileForScalarsOnly() {
        Map<String, String> environment = Map.of(
                "CDCWATCH_SERVER_PORT", " 9100 ",
                "CDCWATCH_AUTH_ENABLED", "FALSE",
                "CDCWATCH_RULES_FILES", "a.yml , b.yml",
                "CDCWATCH_EVALUATION_LOOKBACK_DELTA", "2m",
                "CDCWATCH_SERVER_HOST", "10.0.0.1");
        ConfigNode top = new ConfigNode("", tree("""
                server:
                  port: 9000
                  host: 0.0.0.0
                """), ConfigException::new, environment::get);

        assertThat(ConfigNode.environmentName("ingest.max-body-bytes")).isEqualTo("CDCWATCH_INGEST_MAX_BODY_BYTES");
        assertThat(top.section("server").integer("port", 8080, 0, 65535)).isEqualTo(9100);
        assertThat(top.section("server").string("host", null)).isEqualTo("10.0.0.1");
        assertThat(top.section("auth").bool("enabled", true)).isFalse();
        assertThat(top.section("rules").strings("files", List.of())).containsExactly("a.yml", "b.yml");
        assertThat(top.section("evaluation").duration("lookback-delta", Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(2));
        assertThat(top.has("auth")).as("has() looks at the file only").isFalse();
        assertThatThrownBy(() -> new ConfigNode("", null, ConfigException::new, Map.of("CDCWATCH_SERVER_PORT", "70000")::get)
                .section("server").integer("port", 8080, 0, 65535))
                .hasMessage("invalid config: 'server.port' must be between 0 and 65535, got 70000");
    }

    @Test
    void anEmptyDocumentReadsAsAnEmptyMapping() {
        ConfigNode top = new ConfigNode("", null);

        assertThat(top.section("server").integer("port", 8080, 0, 65535)).isEqualTo(8080);
        assertThat(top.sections("receivers")).isEmpty();
        assertThat(top.stringMap("properties")).isEmpty();
        top.rejectUnknownKeys(Set.of());
    }
}

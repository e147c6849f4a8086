package dev.cdcwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentResolverTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static final class LineageException extends ConfigException {
        LineageException(String key, String problem) {
            super("invalid lineage config", key, problem);
        }
    }

    private static JsonNode tree(String yaml) throws Exception {
        return YAML.readTree(yaml);
    }

    @Test
    void referencesInValuesAreReplacedWithTheVariableOrItsDefault() throws Exception {
        EnvironmentResolver resolver = new EnvironmentResolver(Map.of("DB_PASSWORD", "s3cret", "PORT", "3307")::get);

        JsonNode root = resolver.resolve(tree("""
                source:
                  password: ${DB_PASSWORD}
                  hostname: ${MYSQL_HOST:-127.0.0.1}
                  port: ${PORT}
                  url: jdbc:mysql://${MYSQL_HOST:-db}:${PORT}/shop
                  empty: ${UNSET_BUT_DEFAULTED:-}
                  databases: [shop, '${DB:-audit}']
                  clusters:
                    - {name: '${CLUSTER:-main}'}
                  count: 3
                """));

        ConfigNode source = new ConfigNode("", root).section("source");
        assertThat(source.string("password", null)).isEqualTo("s3cret");
        assertThat(source.string("hostname", null)).isEqualTo("127.0.0.1");
        assertThat(source.integer("port", 3306, 1, 65535)).as("a substituted number is still read as one").isEqualTo(3307);
        assertThat(source.string("url", null)).isEqualTo("jdbc:mysql://db:3307/shop");
        assertThat(source.optionalText("empty")).hasValue("");
        assertThat(source.strings("databases")).containsExactly("shop", "audit");
        assertThat(source.sections("clusters").get(0).string("name", null)).isEqualTo("main");
        assertThat(source.integer("count", 0, 0, 10)).isEqualTo(3);
    }

    @Test
    void commentsAndKeysAreLeftAlone() throws Exception {
        JsonNode root = new EnvironmentResolver(name -> null).resolve(tree("""
                # set ${NOT_SET} before starting
                properties:
                  ${NOT_A_VALUE}: x   # ${ALSO_NOT_SET}
                """));

        assertThat(new ConfigNode("", root).stringMap("properties")).containsEntry("${NOT_A_VALUE}", "x");
    }

    @Test
    void anUnsetVariableNamesTheKeyThatRefersToIt() {
        EnvironmentResolver resolver = new EnvironmentResolver(name -> null, LineageException::new);

        assertThatThrownBy(() -> resolver.resolve(tree("clusters:\n  - properties:\n      sasl.jaas.config: 'pw=${KAFKA_PASSWORD}'\n")))
                .isInstanceOf(LineageException.class)
                .hasMessage("invalid lineage config: 'clusters[0].properties.sasl.jaas.config' refers to environment variable "
                        + "KAFKA_PASSWORD, which is not set")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("clusters[0].properties.sasl.jaas.config"));
        assertThatThrownBy(() -> resolver.resolve(tree("tables: [a, '${TABLE}']")))
                .hasMessageContaining("'tables[1]' refers to environment variable TABLE");
    }

    @Test
    void aReplacementIsTakenLiterally() {
        EnvironmentResolver resolver = new EnvironmentResolver(Map.of("PW", "a$1\\b${X}")::get);

        assertThat(resolver.substitute("${PW}", "password")).isEqualTo("a$1\\b${X}");
        assertThat(resolver.substitute("no references", "key")).isEqualTo("no references");
    }

    @Test
    void nullAndMissingTreesPassThrough() {
        EnvironmentResolver resolver = new EnvironmentResolver(name -> null);

        assertThat(resolver.resolve(null)).isNull();
        assertThat(resolver.resolve(com.fasterxml.jackson.databind.node.MissingNode.getInstance()).isMissingNode()).isTrue();
    }
}

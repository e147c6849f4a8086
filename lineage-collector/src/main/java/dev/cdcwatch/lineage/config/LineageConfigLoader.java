package dev.cdcwatch.lineage.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cdcwatch.config.ConfigNode;
import dev.cdcwatch.config.EnvironmentResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads the lineage configuration once at start-up. {@code ${NAME}} and {@code ${NAME:-default}}
 * in values are replaced from the environment so that secrets stay out of the file. Defaults are in the README.
 */
public final class LineageConfigLoader {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofDays(7);
    public static final Duration DEFAULT_PERSIST_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_STATUS_WINDOW = 10;
    public static final int DEFAULT_OFFSET_TABLE_SIZE = 120;
    /** The engine's default database file (its {@code data-dir} is {@code ./data}); AUTO_SERVER lets both processes open it. */
    public static final String DEFAULT_DATABASE_URL = "jdbc:h2:file:./data/cdcwatch-engine;AUTO_SERVER=TRUE";
    public static final Duration DEFAULT_PUSH_TIMEOUT = Duration.ofSeconds(10);

    private static final Set<String> LINEAGE_KEYS = Set.of("clusters", "declared-edges", "graph", "status");
    private static final Pattern SERVER = Pattern.compile("[^:\\s,]+:\\d{1,5}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final UnaryOperator<String> environment;

    public LineageConfigLoader(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public static StandaloneConfig loadStandalone(Path file) {
        try {
            return new LineageConfigLoader(System::getenv).parseStandalone(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lineage config " + file, e);
        }
    }

    public StandaloneConfig parseStandalone(String yaml) {
        ConfigNode top = new ConfigNode("", readTree(yaml), ConfigException::new);
        Set<String> known = new HashSet<>(LINEAGE_KEYS);
        known.addAll(Set.of("database", "metrics", "push"));
        top.rejectUnknownKeys(known);
        return new StandaloneConfig(lineage(top), database(top.section("database")), metricsPort(top.section("metrics")),
                top.has("push") ? Optional.of(push(top.section("push"))) : Optional.empty());
    }

    /** The lineage keys of a YAML document (for an application that embeds the collector under its own key). */
    public LineageConfig parseLineage(String yaml) {
        ConfigNode top = new ConfigNode("", readTree(yaml), ConfigException::new);
        top.rejectUnknownKeys(LINEAGE_KEYS);
        return lineage(top);
    }

    /** The lineage keys of an already parsed section; {@code path} prefixes the keys named in errors. */
    public static LineageConfig parseLineage(JsonNode section, String path) {
        ConfigNode node = new ConfigNode(path, section, ConfigException::new);
        node.rejectUnknownKeys(LINEAGE_KEYS);
        return lineage(node);
    }

    private JsonNode readTree(String yaml) {
        try {
            return new EnvironmentResolver(environment, ConfigException::new).resolve(YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new ConfigException("(file)", "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
    }

    private static LineageConfig lineage(ConfigNode top) {
        List<LineageConfig.Cluster> clusters = top.sections("clusters").stream().map(LineageConfigLoader::cluster).toList();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < clusters.size(); i++) {
            if (!names.add(clusters.get(i).name())) {
                throw new ConfigException(top.key("clusters") + "[" + i + "].name", "repeats cluster name '" + clusters.get(i).name() + "'");
            }
        }
        List<LineageConfig.DeclaredEdge> edges = top.sections("declared-edges").stream().map(LineageConfigLoader::declaredEdge).toList();
        ConfigNode graph = top.section("graph");
        graph.rejectUnknownKeys(Set.of("stale-after", "persist-interval"));
        ConfigNode status = top.section("status");
        status.rejectUnknownKeys(Set.of("window", "offset-table-size"));
        return new LineageConfig(clusters, edges,
                new LineageConfig.Graph(
                        graph.duration("stale-after", DEFAULT_STALE_AFTER, Duration.ofSeconds(1)),
                        graph.duration("persist-interval", DEFAULT_PERSIST_INTERVAL, Duration.ofMillis(50))),
                new LineageConfig.Status(
                        status.integer("window", DEFAULT_STATUS_WINDOW, 3, 1000),
                        status.integer("offset-table-size", DEFAULT_OFFSET_TABLE_SIZE, 4, 100_000)));
    }

    private static LineageConfig.Cluster cluster(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("name", "bootstrap-servers", "poll-interval", "request-timeout", "groups", "properties"));
        String servers = node.requiredString("bootstrap-servers");
        for (String server : servers.split(",")) {
            if (!SERVER.matcher(server.trim()).matches()) {
                throw new ConfigException(node.key("bootstrap-servers"), "must be host:port[,host:port...], got '" + servers + "'");
            }
        }
        ConfigNode groups = node.section("groups");
        groups.rejectUnknownKeys(Set.of("include", "exclude"));
        Map<String, String> properties = node.stringMap("properties");
        if (properties.containsKey("bootstrap.servers")) {
            throw new ConfigException(node.key("properties") + ".bootstrap.servers", "is set by bootstrap-servers; remove it here");
        }
        return new LineageConfig.Cluster(
                node.requiredString("name"),
                servers,
                node.duration("poll-interval", DEFAULT_POLL_INTERVAL, Duration.ofMillis(50)),
                node.duration("request-timeout", DEFAULT_REQUEST_TIMEOUT, Duration.ofMillis(100)),
                groups.regex("include", ".*"),
                groups.optionalRegex("exclude"),
                properties);
    }

    private static LineageConfig.DeclaredEdge declaredEdge(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("job", "table", "topic"));
        String table = node.requiredString("table");
        int dot = table.indexOf('.');
        if (dot <= 0 || dot == table.length() - 1) {
            throw new ConfigException(node.key("table"), "must be database.table, got '" + table + "'");
        }
        return new LineageConfig.DeclaredEdge(node.string("job", "declared"), table.substring(0, dot), table.substring(dot + 1),
                node.requiredString("topic"));
    }

    private static StandaloneConfig.Database database(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("url", "username", "password"));
        String url = node.string("url", DEFAULT_DATABASE_URL);
        if (!url.startsWith("jdbc:h2:")) {
            throw new ConfigException(node.key("url"), "must be an H2 URL (jdbc:h2:...), got '" + url + "'");
        }
        // A password may be empty: H2's default user has none.
        return new StandaloneConfig.Database(url, node.string("username", "sa"), node.optionalText("password").orElse(""));
    }

    private static StandaloneConfig.Push push(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("url", "token", "timeout"));
        String url = node.requiredString("url");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(node.key("url"), "is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigException(node.key("url"), "must be an http(s) URL such as http://127.0.0.1:8080/api/v1/push, got '" + url + "'");
        }
        return new StandaloneConfig.Push(uri, Optional.ofNullable(node.optionalString("token")),
                node.duration("timeout", DEFAULT_PUSH_TIMEOUT, Duration.ofMillis(100)));
    }

    private static OptionalInt metricsPort(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("port"));
        int port = node.integer("port", 0, 0, 65535);
        return port == 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }
}

package dev.cdcwatch.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cdcwatch.config.ConfigNode;
import dev.cdcwatch.config.EnvironmentResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import dev.cdcwatch.engine.dispatch.config.DispatchConfigParser;
import dev.cdcwatch.lineage.config.LineageConfigLoader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads the engine's YAML file once at start-up. Every key has a default, so an empty file (or none)
 * runs the embedded setup. {@code ${NAME}} and {@code ${NAME:-default}} in values (also those of the
 * alerting and lineage sections) are replaced from the environment, and {@code CDCWATCH_<KEY>}
 * variables override single keys (see {@link ConfigNode}).
 * Relative paths are resolved against the working directory.
 */
public final class EngineConfigLoader {

    public static final String DEFAULT_RULES = EngineConfig.CLASSPATH_PREFIX + "rules/default-rules.yml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final UnaryOperator<String> environment;

    public EngineConfigLoader(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** The file's configuration, or the embedded defaults when {@code file} is null. */
    public static EngineConfig load(Path file) {
        EngineConfigLoader loader = new EngineConfigLoader(System::getenv);
        if (file == null) {
            return loader.parse("");
        }
        try {
            return loader.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read engine config " + file, e);
        }
    }

    public EngineConfig parse(String yaml) {
        JsonNode root;
        try {
            root = yaml.isBlank() ? null : YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("(file)", "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
        new EnvironmentResolver(environment, ConfigException::new).resolve(root);
        ConfigNode top = new ConfigNode("", root, ConfigException::new, environment);
        top.rejectUnknownKeys(Set.of("server", "data-dir", "auth", "ingest", "store", "evaluation", "rules", "alerts", "storage",
                "lineage", "route", "receivers", "inhibit_rules", "lineage_inhibition", "time_intervals", "notify"));
        Path dataDir = Path.of(top.string("data-dir", "./data")).toAbsolutePath().normalize();
        EngineConfig.Evaluation evaluation = evaluation(top.section("evaluation"));
        return new EngineConfig(
                server(top.section("server")),
                dataDir,
                auth(top.section("auth")),
                ingest(top.section("ingest")),
                store(top.section("store")),
                evaluation,
                rules(top.section("rules")),
                alerts(top.section("alerts")),
                storage(top.section("storage"), dataDir),
                top.has("route") || top.has("receivers") ? Optional.of(DispatchConfigParser.parse(root)) : Optional.empty(),
                top.has("lineage") ? Optional.of(lineage(root.get("lineage"), top.section("lineage"))) : Optional.empty());
    }

    private static EngineConfig.Server server(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("host", "port", "shutdown-timeout"));
        return new EngineConfig.Server(
                node.string("host", "0.0.0.0"),
                node.integer("port", 8080, 0, 65535),
                node.duration("shutdown-timeout", Duration.ofSeconds(10), Duration.ZERO));
    }

    private static EngineConfig.Auth auth(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("enabled", "ingest-token", "admin-token"));
        EngineConfig.Auth auth = new EngineConfig.Auth(node.bool("enabled", true), node.optionalString("ingest-token"),
                node.optionalString("admin-token"));
        checkToken(node.key("ingest-token"), auth.ingestToken());
        checkToken(node.key("admin-token"), auth.adminToken());
        return auth;
    }

    private static void checkToken(String key, String token) {
        if (token != null && token.length() < 16) {
            throw new ConfigException(key, "must be at least 16 characters long");
        }
    }

    private static EngineConfig.Ingest ingest(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("max-body-bytes", "max-inflated-bytes", "max-samples-per-batch", "max-labels-per-sample",
                "max-label-value-length", "stale-after-intervals", "min-stale-after"));
        long maxBody = node.number("max-body-bytes", 8L << 20, 1024, 1L << 30);
        long maxInflated = node.number("max-inflated-bytes", 64L << 20, 1024, 1L << 31);
        if (maxInflated < maxBody) {
            throw new ConfigException(node.key("max-inflated-bytes"), "must not be smaller than " + node.key("max-body-bytes"));
        }
        return new EngineConfig.Ingest(
                maxBody,
                maxInflated,
                node.integer("max-samples-per-batch", 200_000, 1, 10_000_000),
                node.integer("max-labels-per-sample", 32, 1, 256),
                node.integer("max-label-value-length", 1024, 1, 65_536),
                node.integer("stale-after-intervals", 3, 1, 1000),
                node.duration("min-stale-after", Duration.ofSeconds(5), Duration.ofMillis(100)));
    }

    private static EngineConfig.Store store(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("max-series", "retention-margin", "max-samples-per-series"));
        return new EngineConfig.Store(
                node.integer("max-series", 1_000_000, 1, 100_000_000),
                node.duration("retention-margin", Duration.ofSeconds(15), Duration.ZERO),
                node.integer("max-samples-per-series", 4096, 2, 1_000_000));
    }

    private static EngineConfig.Evaluation evaluation(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("interval", "lookback-delta"));
        return new EngineConfig.Evaluation(
                node.duration("interval", Duration.ofSeconds(1), Duration.ofMillis(100)),
                node.duration("lookback-delta", Duration.ofMinutes(5), Duration.ofSeconds(1)));
    }

    private static EngineConfig.Rules rules(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("files"));
        List<String> files = node.strings("files", List.of(DEFAULT_RULES)).stream()
                .map(file -> file.startsWith(EngineConfig.CLASSPATH_PREFIX) ? file : Path.of(file).toAbsolutePath().normalize().toString())
                .toList();
        return new EngineConfig.Rules(files);
    }

    private static EngineConfig.Alerts alerts(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("resolved-retention", "restore-grace", "history-retention"));
        return new EngineConfig.Alerts(
                node.duration("resolved-retention", Duration.ofMinutes(15), Duration.ZERO),
                node.duration("restore-grace", Duration.ofSeconds(30), Duration.ZERO),
                node.duration("history-retention", Duration.ofDays(30), Duration.ofMinutes(1)));
    }

    /** In external mode the standalone collector's file holds the clusters and declared edges, so they are refused here. */
    private static EngineConfig.Lineage lineage(JsonNode section, ConfigNode node) {
        EngineConfig.Lineage.Mode mode = node.enumValue("mode", EngineConfig.Lineage.Mode.class, EngineConfig.Lineage.Mode.EMBEDDED);
        ObjectNode collectorKeys = section instanceof ObjectNode object ? object.deepCopy() : YAML.createObjectNode();
        collectorKeys.remove("mode");
        if (mode == EngineConfig.Lineage.Mode.EXTERNAL) {
            for (String key : List.of("clusters", "declared-edges", "status")) {
                if (collectorKeys.has(key)) {
                    throw new ConfigException(node.key(key), "belongs in the standalone collector's file with mode: external");
                }
            }
        }
        return new EngineConfig.Lineage(mode, LineageConfigLoader.parseLineage(collectorKeys, "lineage"));
    }

    private static EngineConfig.Storage storage(ConfigNode node, Path dataDir) {
        node.rejectUnknownKeys(Set.of("jdbc-url", "username", "password"));
        // WRITE_DELAY=0: a commit reaches the file before the transition is announced, so kill -9 loses nothing.
        // AUTO_SERVER: a standalone lineage collector on this host can open the same file while the engine runs.
        String defaultUrl = "jdbc:h2:file:" + dataDir.resolve("cdcwatch-engine") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
        String url = node.string("jdbc-url", defaultUrl);
        if (!url.startsWith("jdbc:")) {
            throw new ConfigException(node.key("jdbc-url"), "must be a JDBC URL starting with 'jdbc:', got '" + url + "'");
        }
        return new EngineConfig.Storage(url, node.string("username", "sa"), node.string("password", ""));
    }
}

package dev.cdcwatch.job.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cdcwatch.config.ConfigNode;
import dev.cdcwatch.config.EnvironmentResolver;
import dev.cdcwatch.job.route.TopicRouter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the job's YAML file once at start-up. {@code ${NAME}} and {@code ${NAME:-default}} are
 * replaced from the environment so secrets stay out of the file. Defaults are listed in the README.
 */
public final class JobConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final UnaryOperator<String> environment;

    public JobConfigLoader(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public static JobConfig load(Path file) {
        try {
            return new JobConfigLoader(System::getenv).parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job config " + file, e);
        }
    }

    public JobConfig parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("(file)", "is not valid YAML: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr());
        }
        new EnvironmentResolver(environment, ConfigException::new).resolve(root);
        ConfigNode top = new ConfigNode("", root, ConfigException::new);
        top.rejectUnknownKeys(Set.of("job", "source", "routing", "sink", "checkpointing"));
        JobConfig.Job job = job(top.section("job"));
        JobConfig.Source source = source(top.section("source"));
        int serverIds = serverIdCount(source.serverId());
        if (serverIds < job.parallelism()) {
            // Flink CDC gives each source subtask its own id; found out only when the job runs, and then it restarts forever.
            throw new ConfigException(top.section("source").key("server-id"), "'" + source.serverId() + "' has " + serverIds
                    + (serverIds == 1 ? " id" : " ids") + ", fewer than job.parallelism " + job.parallelism()
                    + ": each source subtask needs its own server id");
        }
        return new JobConfig(job, source, routing(top.section("routing")), sink(top.section("sink")),
                checkpointing(top.section("checkpointing")));
    }

    private static int serverIdCount(String serverId) {
        String[] bounds = serverId.split("-");
        return bounds.length == 1 ? 1 : (int) (Long.parseLong(bounds[1]) - Long.parseLong(bounds[0]) + 1);
    }

    private static JobConfig.Job job(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("name", "parallelism"));
        return new JobConfig.Job(node.string("name", "cdc-watch-reference"), node.integer("parallelism", 1, 1, 1024));
    }

    private static JobConfig.Source source(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("hostname", "port", "username", "password", "databases", "tables",
                "server-id", "server-time-zone", "startup", "snapshot-chunk-size", "heartbeat-interval", "keep-alive-interval", "probes",
                "position-poll-interval", "debezium"));
        List<String> databases = node.strings("databases", List.of());
        if (databases.isEmpty()) {
            throw new ConfigException(node.key("databases"), "is required: name at least one database (regular expressions allowed)");
        }
        databases.forEach(regex -> checkRegex(node.key("databases"), regex));
        List<String> tables = node.strings("tables", List.of());
        tables.forEach(regex -> checkRegex(node.key("tables"), regex));
        String serverId = node.string("server-id", "5400-5404");
        if (!serverId.matches("\\d{1,10}(-\\d{1,10})?")) {
            throw new ConfigException(node.key("server-id"), "must be an id or a range such as 5400-5404, got '" + serverId + "'");
        }
        if (serverIdCount(serverId) < 1) {
            throw new ConfigException(node.key("server-id"), "must be a range from low to high such as 5400-5404, got '" + serverId + "'");
        }
        return new JobConfig.Source(
                node.requiredString("hostname"),
                node.integer("port", 3306, 1, 65535),
                node.requiredString("username"),
                node.requiredString("password"),
                databases,
                tables,
                serverId,
                node.string("server-time-zone", "UTC"),
                node.enumValue("startup", JobConfig.StartupMode.class, JobConfig.StartupMode.INITIAL),
                node.integer("snapshot-chunk-size", 8096, 1, Integer.MAX_VALUE),
                positive(node, "heartbeat-interval", Duration.ofMillis(500)),
                positive(node, "keep-alive-interval", Duration.ofSeconds(1)),
                node.bool("probes", true),
                positive(node, "position-poll-interval", Duration.ofSeconds(1)),
                node.stringMap("debezium"));
    }

    private static JobConfig.Routing routing(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("topic-pattern", "routes"));
        String pattern = node.string("topic-pattern", TopicRouter.DEFAULT_PATTERN);
        TopicRouter.checkPattern(pattern).ifPresent(problem -> {
            throw new ConfigException(node.key("topic-pattern"), problem);
        });
        List<JobConfig.Route> routes = node.sections("routes").stream().map(route -> {
            route.rejectUnknownKeys(Set.of("table", "topic"));
            String table = route.requiredString("table");
            checkRegex(route.key("table"), table);
            String topic = route.requiredString("topic");
            TopicRouter.checkPattern(topic).ifPresent(problem -> {
                throw new ConfigException(route.key("topic"), problem);
            });
            return new JobConfig.Route(table, topic);
        }).toList();
        return new JobConfig.Routing(pattern, routes);
    }

    private static JobConfig.Sink sink(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("bootstrap-servers", "format", "delivery-guarantee", "transactional-id-prefix", "properties"));
        String servers = node.requiredString("bootstrap-servers");
        for (String server : servers.split(",")) {
            if (!server.trim().matches("[^:\\s]+:\\d{1,5}")) {
                throw new ConfigException(node.key("bootstrap-servers"), "must be host:port[,host:port...], got '" + servers + "'");
            }
        }
        Map<String, String> properties = node.stringMap("properties");
        return new JobConfig.Sink(
                servers,
                node.enumValue("format", JobConfig.SinkFormat.class, JobConfig.SinkFormat.DEBEZIUM_JSON),
                node.enumValue("delivery-guarantee", JobConfig.DeliveryGuarantee.class, JobConfig.DeliveryGuarantee.AT_LEAST_ONCE),
                node.string("transactional-id-prefix", "cdc-watch"),
                properties);
    }

    private static JobConfig.Checkpointing checkpointing(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("interval", "timeout"));
        Duration interval = node.duration("interval", Duration.ofSeconds(10));
        if (interval.toMillis() < 10) {
            throw new ConfigException(node.key("interval"), "must be at least 10ms, got " + interval.toMillis() + "ms");
        }
        return new JobConfig.Checkpointing(interval, node.duration("timeout", Duration.ofMinutes(10)));
    }

    private static Duration positive(ConfigNode node, String name, Duration fallback) {
        Duration value = node.duration(name, fallback);
        if (value.isZero()) {
            throw new ConfigException(node.key(name), "must be longer than 0");
        }
        return value;
    }

    private static void checkRegex(String key, String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(key, "is not a valid regular expression '" + regex + "': " + e.getDescription());
        }
    }
}

package dev.cdcwatch.job.route;

import dev.cdcwatch.job.config.JobConfig;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the Kafka topic of a table: the first route whose regular expression matches
 * {@code database.table}, else the topic pattern. Patterns use {@code {database}} and {@code {table}}.
 */
public final class TopicRouter implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_PATTERN = "cdc.{database}.{table}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern INVALID_TOPIC_CHARS = Pattern.compile("[^a-zA-Z0-9._-]");

    private final String topicPattern;
    private final List<JobConfig.Route> routes;
    private transient Map<String, String> cache;
    private transient List<Pattern> compiled;

    public TopicRouter(String topicPattern, List<JobConfig.Route> routes) {
        this.topicPattern = topicPattern;
        this.routes = List.copyOf(routes);
    }

    public static TopicRouter from(JobConfig.Routing routing) {
        return new TopicRouter(routing.topicPattern(), routing.routes());
    }

    /** Empty when the pattern is usable, else what is wrong with it. */
    public static Optional<String> checkPattern(String pattern) {
        Matcher matcher = PLACEHOLDER.matcher(pattern);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!name.equals("database") && !name.equals("table")) {
                return Optional.of("uses unknown placeholder {" + name + "}; only {database} and {table} exist");
            }
        }
        String sample = expand(pattern, "db", "t");
        if (INVALID_TOPIC_CHARS.matcher(sample).find() || sample.length() > 249) {
            return Optional.of("gives topic names Kafka rejects ('" + sample + "'); use letters, digits, '.', '_' and '-'");
        }
        return Optional.empty();
    }

    public String topicFor(String database, String table) {
        if (cache == null) {
            cache = new ConcurrentHashMap<>();
            compiled = routes.stream().map(route -> Pattern.compile(route.table())).toList();
        }
        return cache.computeIfAbsent(database + "." + table, qualified -> {
            for (int i = 0; i < compiled.size(); i++) {
                if (compiled.get(i).matcher(qualified).matches()) {
                    return expand(routes.get(i).topic(), database, table);
                }
            }
            return expand(topicPattern, database, table);
        });
    }

    private static String expand(String pattern, String database, String table) {
        String topic = pattern.replace("{database}", database).replace("{table}", table);
        // Table names may hold characters a topic name cannot; Kafka allows only [a-zA-Z0-9._-].
        return INVALID_TOPIC_CHARS.matcher(topic).replaceAll("_");
    }
}

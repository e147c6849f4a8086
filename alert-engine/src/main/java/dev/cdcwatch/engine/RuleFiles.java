package dev.cdcwatch.engine;

import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.engine.rules.RuleFileParser;
import dev.cdcwatch.engine.rules.RuleGroup;
import dev.cdcwatch.engine.rules.RuleLoadException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the configured rule files, from disk or ({@code classpath:...}) from the engine's jar. */
final class RuleFiles {

    private RuleFiles() {
    }

    /** Groups that set no {@code interval} run every {@code defaultInterval} (the engine's evaluation interval). */
    static List<RuleGroup> load(List<String> files, Duration defaultInterval) throws RuleLoadException {
        List<RuleGroup> groups = new ArrayList<>();
        for (String file : files) {
            groups.addAll(RuleFileParser.parse(read(file), file, defaultInterval));
        }
        return groups;
    }

    private static String read(String file) throws RuleLoadException {
        try {
            if (file.startsWith(EngineConfig.CLASSPATH_PREFIX)) {
                String resource = file.substring(EngineConfig.CLASSPATH_PREFIX.length());
                try (InputStream in = RuleFiles.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new RuleLoadException(file + ": no such resource on the classpath");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new RuleLoadException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }
}

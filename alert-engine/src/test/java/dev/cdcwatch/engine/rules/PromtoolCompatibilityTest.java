package dev.cdcwatch.engine.rules;

import dev.cdcwatch.engine.rules.promtool.PromtoolRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every promtool test file under {@code src/test/resources/rules} must pass both Prometheus's own
 * {@code promtool test rules} (Debian's 2.42, the peer) and our parser and evaluator.
 */
class PromtoolCompatibilityTest {

    private static final Path TEST_FILES = Path.of("src/test/resources/rules");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TestFactory
    Stream<DynamicTest> promtoolPassesEveryRuleTestFile() throws Exception {
        return testFiles().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            assertThat(PROMTOOL).as("promtool (Debian package prometheus) must be installed").isExecutable();
            Process process = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", file.getFileName().toString())
                    .directory(file.getParent().toFile())
                    .redirectErrorStream(true)
                    .start();
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                process.destroyForcibly();
            }
            assertThat(finished).as("promtool finished").isTrue();
            assertThat(process.exitValue()).as("promtool test rules %s:%n%s", file, output).isZero();
        }));
    }

    @TestFactory
    Stream<DynamicTest> ourEvaluatorPassesEveryRuleTestFile() throws Exception {
        return testFiles().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            assertThat(PromtoolRunner.run(file).failures()).as("failures in %s", file).isEmpty();
        }));
    }

    @Test
    void ruleTestFilesHoldAtLeastFortyCases() throws Exception {
        int cases = 0;
        for (Path file : testFiles().toList()) {
            cases += PromtoolRunner.run(file).cases();
        }
        assertThat(cases).isGreaterThanOrEqualTo(40);
    }

    private static Stream<Path> testFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(TEST_FILES)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith("_test.yml")).sorted().toList();
        }
        assertThat(files).as("promtool test files in %s", TEST_FILES).isNotEmpty();
        return files.stream();
    }
}

package dev.cdcwatch.engine;

import dev.cdcwatch.testkit.TempDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's command line: a bad config ends the process with one line naming what is wrong, never a stack trace. */
class MainTest {

    private final Path dir = TempDirs.create("cdcwatch-engine-main");

    @AfterEach
    void cleanUp() {
        TempDirs.delete(dir);
    }

    private record Exit(int code, String output) {
    }

    private Exit run(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the engine exits").isTrue();
            return new Exit(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("engine.yaml"), TestEngine.configYaml(dir.resolve("data"), 0, yaml));
    }

    @Test
    void badRoutingValueEndsTheEngineWithOneLineNamingTheKey() throws Exception {
        Exit exit = run("--config", config("""
                notify:
                  allowed_hosts: [127.0.0.1]
                receivers:
                  - name: oncall
                    webhook_configs:
                      - url: http://127.0.0.1:1/hook
                route:
                  receiver: oncall
                  group_wait: soon
                """).toString());

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output()).contains("group_wait").doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void missingConfigFileEndsTheEngineNamingTheFile() throws Exception {
        Exit exit = run("--config", dir.resolve("absent.yaml").toString());

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output()).contains("absent.yaml").doesNotContain("\tat ");
    }
}

package dev.cdcwatch.demo;

import dev.cdcwatch.testkit.TempDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Ctrl-C on the demo, for real: the demo runs as its own JVM, as {@code mvn -pl demo exec:exec}
 * starts it, with a temporary directory of its own; once it says it is running, or while it is still
 * starting, it gets SIGINT and must stop every process it started and remove every file it left there.
 */
class DemoCtrlCTest {

    private final Path tmpDir = TempDirs.create("cdcwatch-ctrlc-");
    private final StringBuffer output = new StringBuffer();
    private Process demo;

    @AfterEach
    void cleanUp() {
        if (demo != null && demo.isAlive()) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        processesUsing(tmpDir).forEach(ProcessHandle::destroyForcibly);
        TempDirs.delete(tmpDir);
    }

    @ParameterizedTest(name = "Ctrl-C after \"{0}\"")
    @ValueSource(strings = {"cdc-watch demo is running", "starting the alert engine"})
    void ctrlCStopsEveryProcessTheDemoStartedAndLeavesNoTemporaryFile(String ctrlCAfter) throws IOException, InterruptedException {
        assumeThat(sigintIgnored()).as("SIGINT is ignored by this JVM (started in the background without job control), "
                + "so its children ignore it too and Ctrl-C cannot be shown").isFalse();
        demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Djava.io.tmpdir=" + tmpDir, "-Ddemo.engine.port=0", "-Ddemo.control.port=0", "-Ddemo.reporter.port=0",
                "-Dlog4j2.configurationFile=demo-log4j2.properties", "-cp", System.getProperty("java.class.path"),
                DemoMain.class.getName())
                .redirectErrorStream(true)
                .start();
        readOutput(demo);
        await().atMost(Duration.ofMinutes(3)).until(() -> output.indexOf(ctrlCAfter) >= 0 || !demo.isAlive());
        assertThat(demo.isAlive()).as("demo running; its output:%n%s", output).isTrue();
        List<ProcessHandle> children = demo.descendants().toList();
        assertThat(children).as("the demo's child processes")
                .anyMatch(child -> child.info().command().map(command -> command.endsWith("mariadbd")).orElse(false));

        int outputBeforeCtrlC = output.length();
        new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).inheritIO().start().waitFor();

        await().atMost(Duration.ofMinutes(1)).until(() -> !demo.isAlive());
        assertThat(output.toString()).as("the demo's output").contains("stopped; nothing left running");
        // The job stops before MariaDB does, so shutting down is not reported as a lost binlog connection.
        assertThat(output.substring(outputBeforeCtrlC)).as("the demo's output after Ctrl-C")
                .doesNotContain("Failing the MySQL source reader", "Connection refused");
        assertThat(children).as("child processes; the demo's output:%n%s", output).noneMatch(ProcessHandle::isAlive);
        assertThat(processesUsing(tmpDir)).as("processes using its directory; the demo's output:%n%s", output).isEmpty();
        assertThat(entries(tmpDir)).as("left in the demo's temporary directory; its output:%n%s", output).isEmpty();
    }

    private void readOutput(Process process) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> output.append(line).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                output.append("(output ended: ").append(e.getMessage()).append(")\n");
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static List<ProcessHandle> processesUsing(Path dir) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(dir.toString())).orElse(false))
                .toList();
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.toList();
        }
    }

    /** Bit 2 of SigIgn in /proc/self/status: SIGINT was ignored when this JVM started, so its children inherit that. */
    private static boolean sigintIgnored() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .anyMatch(line -> (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 0b10) != 0);
    }
}

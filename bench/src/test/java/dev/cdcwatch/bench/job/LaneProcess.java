package dev.cdcwatch.bench.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ThroughputLane} child JVM as the benchmark drives it: started under {@code taskset} on one core, with the
 * benchmark's class path; commands go to its standard input, its replies are read from standard output, and the rest
 * of its output goes to a log file. {@link #pin} moves the JVM and its MariaDB server, every thread of both, to a core.
 */
final class LaneProcess implements AutoCloseable {

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    private static final Path MEMORY_DIR = Path.of("/dev/shm");
    /** Prefix of the benchmark's properties handed to the instrumented lane's reporter as its options. */
    private static final String REPORTER_OPTION = "bench.reporter.";

    private final String name;
    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final String bootstrapServers;
    private final long mariadbPid;

    private LaneProcess(String name, Process process, Path log) throws IOException {
        this.name = name;
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> readOutput(log), "lane-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
        String[] ready = awaitReply("READY", Duration.ofMinutes(2)).split(" ");
        this.bootstrapServers = ready[1];
        this.mariadbPid = Long.parseLong(ready[2]);
    }

    /**
     * Starts a lane on core {@code cpu}, with {@code source.probes} as {@code probes} and, if {@code reporter}, the cdc-watch
     * reporter pushing to {@code pushUrl} and serving {@code /metrics} on {@code metricsPort}.
     */
    static LaneProcess start(String name, boolean probes, boolean reporter, int cpu, int rows, String pushUrl, int metricsPort, Path log) {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // A fixed heap large enough that young collections stay rare (they took 13 % of a lane's core at 1 GiB).
        command.addAll(List.of(System.getProperty("bench.lane-jvm-options", "-Xms4g -Xmx4g").replace("{lane}", name).trim().split("\\s+")));
        if (Files.isDirectory(MEMORY_DIR)) {
            // Its MariaDB, Kafka and Flink directories in memory: no disk I/O (and its interrupts) on either core.
            command.add("-Djava.io.tmpdir=" + MEMORY_DIR);
        }
        ThroughputLane.propertiesUnder(REPORTER_OPTION)
                .forEach((option, value) -> command.add("-D" + ThroughputLane.REPORTER_OPTION + option + "=" + value));
        command.addAll(List.of("-Dlane.probes=" + probes, "-Dlane.reporter=" + reporter, "-Dlane.rows=" + rows,
                "-Dlane.push-url=" + pushUrl, "-Dlane.metrics-port=" + metricsPort, "-cp", System.getProperty("java.class.path"),
                ThroughputLane.class.getName()));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new LaneProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start lane " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    private void readOutput(Path log) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith(ThroughputLane.REPLY)) {
                    replies.add(line.substring(ThroughputLane.REPLY.length()));
                } else {
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            replies.add("FAILED output unreadable: " + e.getMessage());
        }
    }

    void send(String command) {
        commands.println(command);
    }

    /** Waits for the reply starting with {@code expected}; a lane that failed or ended throws, with its reason. */
    String awaitReply(String expected) {
        return awaitReply(expected, STEP_TIMEOUT);
    }

    private String awaitReply(String expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String reply = replies.poll(200, TimeUnit.MILLISECONDS);
                if (reply != null && reply.startsWith(expected)) {
                    return reply;
                }
                if (reply != null && reply.startsWith("FAILED")) {
                    throw new IllegalStateException("lane " + name + " failed: " + reply);
                }
                if (reply == null && !process.isAlive()) {
                    throw new IllegalStateException("lane " + name + " ended with exit code " + process.exitValue() + " while the benchmark "
                            + "waited for " + expected);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("lane " + name + " did not answer " + expected + " within " + timeout);
    }

    /** Moves every thread of the lane's JVM and of its MariaDB server to core {@code cpu}; threads started later inherit it. */
    void pin(int cpu) {
        for (long pid : new long[] {process.pid(), mariadbPid}) {
            try {
                Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(pid))
                        .redirectErrorStream(true).start();
                String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (taskset.waitFor() != 0) {
                    throw new IllegalStateException("taskset could not move process " + pid + " of lane " + name + ": " + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run taskset", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pinning lane " + name, e);
            }
        }
    }

    String name() {
        return name;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** CPU the lane has used so far: its JVM (job, cluster, broker; the reporter's and the probe's threads alone too) and its MariaDB. */
    LaneCpu cpu() {
        return LaneCpu.read(process.pid(), mariadbPid);
    }

    @Override
    public void close() {
        commands.close();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** A killed lane runs no shutdown hook, so its MariaDB server is killed here. */
    private void kill() {
        process.destroyForcibly();
        ProcessHandle.of(mariadbPid).ifPresent(ProcessHandle::destroyForcibly);
    }
}

package dev.cdcwatch.bench.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU a lane has used so far, read from {@code /proc}: its JVM and its MariaDB server in nanoseconds (utime + stime, which
 * count the threads that have ended too), and the JVM's live threads by name (from each thread's {@code schedstat}),
 * names with numbers folded to N. Time a thread waited for a core, or that the hypervisor stole, is not in it.
 */
record LaneCpu(long jvmNanos, long mariadbNanos, Map<String, Long> threadNanosByName) {

    // Linux keeps 15 characters of a thread's name: cdcwatch-push-N, cdcwatch-metric(s-http-N), cdcwatch-source(-watch-N)
    // (the probes' and the connection guard's walk of the reader), and Keep-Alive-Timer, which closes the idle connections
    // of the JDK's HttpURLConnection that the reporter pushes with.
    private static final Pattern OFF_PATH_THREADS = Pattern.compile("cdcwatch-(push|metric|source).*|Keep-Alive-Timer");

    static LaneCpu read(long jvmPid, long mariadbPid) {
        Map<String, Long> byName = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(jvmPid), "task");
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    String name = Files.readString(thread.resolve("comm")).trim().replaceAll("\\d+", "N");
                    long nanos = Long.parseLong(Files.readString(thread.resolve("schedstat")).split(" ")[0]);
                    byName.merge(name, nanos, Long::sum);
                } catch (NoSuchFileException ended) {
                    // The thread ended between listing and reading.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the threads of process " + jvmPid, e);
        }
        return new LaneCpu(processNanos(jvmPid), processNanos(mariadbPid), byName);
    }

    /** CPU nanoseconds since {@code start} of the live threads off the record path: the reporter's and the probe's. */
    long offPathNanosSince(LaneCpu start) {
        return threadNanosByName.entrySet().stream().filter(thread -> OFF_PATH_THREADS.matcher(thread.getKey()).matches())
                .mapToLong(thread -> thread.getValue() - start.threadNanosByName.getOrDefault(thread.getKey(), 0L)).sum();
    }

    /** Each thread name's CPU nanoseconds since {@code start}. */
    Map<String, Long> threadNanosSince(LaneCpu start) {
        Map<String, Long> since = new HashMap<>();
        threadNanosByName.forEach((name, nanos) -> since.put(name, nanos - start.threadNanosByName.getOrDefault(name, 0L)));
        return since;
    }

    /** CPU time a process has used so far, from {@code /proc/<pid>/stat}. */
    static long processNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces; utime and stime are the 12th and
            // 13th fields after it, in USER_HZ ticks, which the kernel fixes at 100 on x86 and arm64.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
    }
}

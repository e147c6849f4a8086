package dev.cdcwatch.testkit.mariadb;

import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.TempDirs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server started from Debian's {@code mariadb-server} binaries: its own data
 * directory and free port on 127.0.0.1, binlog on in ROW format with FULL row images, and a CDC user
 * holding the replication grants Flink CDC needs.
 */
public final class MariaDbServer implements AutoCloseable {

    public static final String CDC_USER = "cdc";
    public static final String CDC_PASSWORD = "cdc-secret";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long the exit hook lets an owner's own shutdown (a running CDC job first) close the server in order. */
    private static final Duration OWNER_CLOSE_GRACE = Duration.ofSeconds(15);

    private final Path baseDir;
    private final int port;
    private final Process process;
    private final Thread stopOnExit;
    private final CountDownLatch closed = new CountDownLatch(1);

    private MariaDbServer(Path baseDir, int port, Process process) {
        this.baseDir = baseDir;
        this.port = port;
        this.process = process;
        // mariadbd is a child process: if this JVM ends without close(), it would outlive it. JVM shutdown
        // hooks run together, so the hook first gives an owner's hook (the demo's) time to stop the job that
        // reads the binlog and close the server itself; killed under a running job, the job would report a lost connection.
        this.stopOnExit = new Thread(this::stopUnlessClosedSoon, "mariadb-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    private void stopUnlessClosedSoon() {
        try {
            closed.await(OWNER_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirs.delete(baseDir);
    }

    /** Installs a fresh data directory and starts the server; fails naming the package when MariaDB is missing. */
    public static MariaDbServer start() {
        MariaDbBinaries binaries = MariaDbBinaries.locate();
        Path baseDir = TempDirs.create("cdcwatch-mariadb-");
        try {
            Path dataDir = Files.createDirectories(baseDir.resolve("data"));
            installDataDir(binaries, baseDir, dataDir);
            Path initFile = baseDir.resolve("init.sql");
            Files.writeString(initFile, initSql());
            int port = FreePorts.find();
            Process process = new ProcessBuilder(serverCommand(binaries, baseDir, dataDir, initFile, port))
                    .redirectErrorStream(true)
                    .redirectOutput(baseDir.resolve("mariadbd.log").toFile())
                    .start();
            MariaDbServer server = new MariaDbServer(baseDir, port, process);
            server.awaitReady();
            return server;
        } catch (IOException | RuntimeException e) {
            TempDirs.delete(baseDir);
            throw new IllegalStateException("could not start MariaDB in " + baseDir + ": " + e.getMessage(), e);
        }
    }

    private static void installDataDir(MariaDbBinaries binaries, Path baseDir, Path dataDir) throws IOException {
        Path log = baseDir.resolve("install.log");
        List<String> command = new ArrayList<>(List.of(binaries.installDb().toString(), "--no-defaults", "--datadir=" + dataDir));
        if (runningAsRoot()) {
            // Only root can hand the data directory to a user; anyone else installs it as their own.
            command.add("--user=root");
        }
        command.addAll(List.of("--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"));
        Process install = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
                install.destroyForcibly();
                throw new IllegalStateException("mariadb-install-db failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            install.destroyForcibly();
            throw new IllegalStateException("interrupted while installing the MariaDB data directory", e);
        }
    }

    /** The effective uid is the owner of {@code /proc/self}; Linux only, as the rest of the harness. */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static List<String> serverCommand(MariaDbBinaries binaries, Path baseDir, Path dataDir, Path initFile, int port) {
        List<String> command = new ArrayList<>();
        command.add(binaries.server().toString());
        command.add("--no-defaults");
        if (runningAsRoot()) {
            // mariadbd refuses to run as root unless told to, and CI runs as root.
            command.add("--user=root");
        }
        command.add("--datadir=" + dataDir);
        command.add("--socket=" + baseDir.resolve("mariadb.sock"));
        command.add("--pid-file=" + baseDir.resolve("mariadb.pid"));
        command.add("--port=" + port);
        command.add("--bind-address=127.0.0.1");
        command.add("--skip-name-resolve");
        command.add("--log-bin=mysql-bin");
        command.add("--binlog-format=ROW");
        command.add("--binlog-row-image=FULL");
        command.add("--server-id=1");
        command.add("--default-time-zone=+00:00");
        command.add("--character-set-server=utf8mb4");
        command.add("--collation-server=utf8mb4_general_ci");
        // Keep the data dir small and start-up quick; this server holds test data only.
        command.add("--innodb-log-file-size=8M");
        command.add("--innodb-buffer-pool-size=32M");
        command.add("--max-connections=200");
        command.add("--init-file=" + initFile);
        return command;
    }

    private static String initSql() {
        return String.join("\n",
                "CREATE USER IF NOT EXISTS '" + ADMIN_USER + "'@'127.0.0.1' IDENTIFIED BY '" + ADMIN_PASSWORD + "';",
                "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'127.0.0.1' WITH GRANT OPTION;",
                "CREATE USER IF NOT EXISTS '" + CDC_USER + "'@'127.0.0.1' IDENTIFIED BY '" + CDC_PASSWORD + "';",
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR, PROCESS ON *.* TO '"
                        + CDC_USER + "'@'127.0.0.1';",
                "FLUSH PRIVILEGES;",
                "");
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ": " + serverLog());
            }
            try (Connection ignored = adminConnection()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for MariaDB", e);
            }
        }
        close();
        throw new IllegalStateException("MariaDB did not accept connections within " + START_TIMEOUT
                + " (last error: " + (last == null ? "none" : last.getMessage()) + ")");
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The operating-system process id of the server, for benchmarks that read its CPU time or pin it to a core. */
    public long pid() {
        return process.pid();
    }

    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + (database == null ? "" : database)
                + "?useSSL=false&allowPublicKeyRetrieval=true&connectionTimeZone=UTC";
    }

    /** A connection with all privileges, for creating schemas and writing test rows. */
    public Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(null), ADMIN_USER, ADMIN_PASSWORD);
    }

    /** The ids of the CDC user's Binlog Dump threads: one per binlog connection a CDC job holds open. */
    public List<Long> binlogDumpThreadIds() {
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement();
             ResultSet threads = statement.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + CDC_USER
                     + "' AND COMMAND LIKE 'Binlog Dump%'")) {
            List<Long> ids = new ArrayList<>();
            while (threads.next()) {
                ids.add(threads.getLong(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the binlog connections on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Runs statements in order as the admin user; any failure names the statement. */
    public void execute(String... statements) {
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new IllegalStateException("SQL failed: " + sql + ": " + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to MariaDB on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * The connection keys of a CDC job's {@code source:} section for this server (the CDC user), as YAML
     * lines indented by two spaces, to put under {@code source:}.
     */
    public String sourceConnectionYaml() {
        return "  hostname: 127.0.0.1\n  port: " + port + "\n  username: " + CDC_USER + "\n  password: " + CDC_PASSWORD;
    }

    public String serverLog() {
        try {
            return Files.readString(baseDir.resolve("mariadbd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook waits for this close, then makes sure.
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        TempDirs.delete(baseDir);
        closed.countDown();
    }
}

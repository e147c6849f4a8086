package dev.cdcwatch.testkit.postgres;

import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.TempDirs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL server: its own data directory from {@code initdb}, a free port on 127.0.0.1,
 * its socket in that directory, and an admin user with a password. PostgreSQL refuses to run as root;
 * as root (CI) it runs as the {@code postgres} system user that Debian's package creates.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";
    private static final String SERVICE_USER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path baseDir;
    private final int port;
    private final Process process;
    private final Thread stopOnExit;

    private PostgresServer(Path baseDir, int port, Process process) {
        this.baseDir = baseDir;
        this.port = port;
        this.process = process;
        // postgres is a child process: if this JVM ends without close(), it would outlive it.
        this.stopOnExit = new Thread(this::stop, "postgres-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Initialises a data directory and starts the server; fails naming the package when PostgreSQL is missing. */
    public static PostgresServer start() {
        PostgresBinaries binaries = PostgresBinaries.locate();
        Path baseDir = TempDirs.create("cdcwatch-postgres-");
        try {
            List<String> asUser = runningAsRoot() ? asServiceUser(baseDir) : List.of();
            Path dataDir = baseDir.resolve("data");
            Path passwordFile = baseDir.resolve("admin.pw");
            Files.writeString(passwordFile, ADMIN_PASSWORD + "\n");
            run(asUser, List.of(binaries.initdb().toString(), "--pgdata=" + dataDir, "--username=" + ADMIN_USER,
                    "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"),
                    baseDir.resolve("initdb.log"));
            int port = FreePorts.find();
            List<String> command = new ArrayList<>(asUser);
            command.addAll(List.of(binaries.server().toString(), "-D", dataDir.toString(), "-p", String.valueOf(port),
                    "-k", baseDir.toString(), "-c", "listen_addresses=127.0.0.1",
                    // Test data only: no durability, little memory.
                    "-c", "fsync=off", "-c", "shared_buffers=16MB", "-c", "max_connections=50"));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(baseDir.resolve("postgres.log").toFile())
                    .start();
            PostgresServer server = new PostgresServer(baseDir, port, process);
            server.awaitReady();
            return server;
        } catch (IOException | RuntimeException e) {
            TempDirs.delete(baseDir);
            throw new IllegalStateException("could not start PostgreSQL in " + baseDir + ": " + e.getMessage(), e);
        }
    }

    /** Hands the base directory to the service user and returns the prefix that runs a command as that user. */
    private static List<String> asServiceUser(Path baseDir) throws IOException {
        UserPrincipalLookupService users = baseDir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = users.lookupPrincipalByName(SERVICE_USER);
            group = users.lookupPrincipalByGroupName(SERVICE_USER);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("PostgreSQL refuses to run as root and there is no '" + SERVICE_USER
                    + "' user to run it as. " + PostgresBinaries.INSTALL_HINT, e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(baseDir, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
        return List.of("setpriv", "--reuid=" + SERVICE_USER, "--regid=" + SERVICE_USER, "--init-groups", "--");
    }

    private static void run(List<String> prefix, List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** The effective uid is the owner of {@code /proc/self}; Linux only, as the rest of the harness. */
    private static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited with " + process.exitValue() + ": " + serverLog());
            }
            try (Connection ignored = adminConnection("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
            }
        }
        close();
        throw new IllegalStateException("PostgreSQL did not accept connections within " + START_TIMEOUT
                + " (last error: " + (last == null ? "none" : last.getMessage()) + ")");
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A connection as the admin user, a superuser, to {@code database}. */
    public Connection adminConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), ADMIN_USER, ADMIN_PASSWORD);
    }

    /** Runs statements in order as the admin user on the maintenance database; any failure names the statement. */
    public void execute(String... statements) {
        try (Connection connection = adminConnection("postgres"); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new IllegalStateException("SQL failed: " + sql + ": " + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL on port " + port + ": " + e.getMessage(), e);
        }
    }

    public String serverLog() {
        try {
            return Files.readString(baseDir.resolve("postgres.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        if (process.isAlive()) {
            // SIGTERM: a smart shutdown, which waits for open sessions; a kill after 20 s.
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
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook stops the server.
        }
        stop();
    }
}

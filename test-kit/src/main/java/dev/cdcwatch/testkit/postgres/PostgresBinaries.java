package dev.cdcwatch.testkit.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where PostgreSQL's {@code initdb} and {@code postgres} are: on PATH, or where Debian's packages put them. */
record PostgresBinaries(Path initdb, Path server) {

    static final String INSTALL_HINT =
            "PostgreSQL is not installed: run `apt-get install -y postgresql` (the tests start a private server from its binaries)";

    static PostgresBinaries locate() {
        return onPath().or(PostgresBinaries::inDebianLayout)
                .orElseThrow(() -> new IllegalStateException("initdb and postgres not found on PATH nor in /usr/lib/postgresql/*/bin. "
                        + INSTALL_HINT));
    }

    private static Optional<PostgresBinaries> onPath() {
        return Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(":")).stream())
                .map(Path::of)
                .map(PostgresBinaries::in)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** Debian keeps the server binaries out of PATH, one directory per major version; the newest wins. */
    private static Optional<PostgresBinaries> inDebianLayout() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.sorted(Comparator.comparing(PostgresBinaries::majorVersion).reversed())
                    .map(version -> in(version.resolve("bin")))
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path dir) {
        String name = dir.getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    private static Optional<PostgresBinaries> in(Path dir) {
        Path initdb = dir.resolve("initdb");
        Path server = dir.resolve("postgres");
        return Files.isExecutable(initdb) && Files.isExecutable(server)
                ? Optional.of(new PostgresBinaries(initdb, server))
                : Optional.empty();
    }
}

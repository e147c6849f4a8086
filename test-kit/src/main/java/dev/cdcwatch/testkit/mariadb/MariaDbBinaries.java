package dev.cdcwatch.testkit.mariadb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where Debian's {@code mariadb-server} package put the server and its installer. */
record MariaDbBinaries(Path server, Path installDb) {

    private static final String INSTALL_HINT =
            "MariaDB is not installed: run `apt-get install -y mariadb-server` (the tests start a private server from its binaries)";

    static MariaDbBinaries locate() {
        Path server = find(List.of("/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/sbin/mysqld"), "mariadbd");
        Path installDb = find(List.of("/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"), "mariadb-install-db");
        return new MariaDbBinaries(server, installDb);
    }

    private static Path find(List<String> candidates, String name) {
        Optional<Path> onPath = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(":")).stream())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
        return onPath.or(() -> candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst())
                .orElseThrow(() -> new IllegalStateException(name + " not found. " + INSTALL_HINT));
    }
}

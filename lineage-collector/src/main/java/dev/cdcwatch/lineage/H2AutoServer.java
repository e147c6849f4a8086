package dev.cdcwatch.lineage;

/**
 * H2's AUTO_SERVER: the first process to open a database file serves it over TCP to the others, on a
 * random port written, with a random key, into the file's {@code .lock.db}. H2 starts that server with
 * {@code -tcpAllowOthers} on every interface unless the {@code h2.bindAddress} system property names
 * one; a client also needs the key from the lock file and the database password.
 */
public final class H2AutoServer {

    public static final String BIND_ADDRESS_PROPERTY = "h2.bindAddress";

    private H2AutoServer() {
    }

    /**
     * Makes the server listen on loopback only (the engine and a standalone collector share a host),
     * unless {@code -Dh2.bindAddress} was given. H2 reads the property once, when its first class loads,
     * so this must run before the process first touches H2.
     */
    public static void bindToLoopback() {
        if (System.getProperty(BIND_ADDRESS_PROPERTY) == null) {
            System.setProperty(BIND_ADDRESS_PROPERTY, "127.0.0.1");
        }
    }
}

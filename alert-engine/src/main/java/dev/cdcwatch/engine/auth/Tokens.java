package dev.cdcwatch.engine.auth;

import dev.cdcwatch.engine.config.EngineConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The bearer tokens for pushing ({@code ingest}) and for changing things ({@code admin}). A token
 * not set in the config is generated once into {@code <data-dir>/tokens/} with owner-only
 * permissions and read from there on later starts; the log names the file, never the token.
 * With {@code auth.enabled: false} every request is allowed.
 */
public final class Tokens {

    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
    private static final String BEARER = "Bearer ";

    private final boolean enabled;
    private final byte[] ingest;
    private final byte[] admin;

    private Tokens(boolean enabled, String ingest, String admin) {
        this.enabled = enabled;
        this.ingest = ingest == null ? null : ingest.getBytes(StandardCharsets.UTF_8);
        this.admin = admin == null ? null : admin.getBytes(StandardCharsets.UTF_8);
    }

    public static Tokens resolve(EngineConfig.Auth auth, Path dataDir) {
        if (!auth.enabled()) {
            LOG.warn("auth.enabled is false: anyone who reaches the port can push samples and change silences");
            return new Tokens(false, null, null);
        }
        Path directory = dataDir.resolve("tokens");
        String ingest = auth.ingestToken() != null ? auth.ingestToken() : stored(directory.resolve("ingest.token"));
        String admin = auth.adminToken() != null ? auth.adminToken() : stored(directory.resolve("admin.token"));
        return new Tokens(true, ingest, admin);
    }

    private static String stored(Path file) {
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file).trim();
                if (token.length() >= 16) {
                    LOG.info("using the token in {}", file);
                    return token;
                }
            }
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Path temporary = Files.createTempFile(file.getParent(), "token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LOG.info("generated a token into {} (readable by its owner only)", file);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token file " + file, e);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether an {@code Authorization} header carries the ingest token. */
    public boolean allowsIngest(String authorization) {
        return !enabled || matches(authorization, ingest);
    }

    /** Whether an {@code Authorization} header carries the admin token. */
    public boolean allowsAdmin(String authorization) {
        return !enabled || matches(authorization, admin);
    }

    private static boolean matches(String authorization, byte[] expected) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expected);
    }
}

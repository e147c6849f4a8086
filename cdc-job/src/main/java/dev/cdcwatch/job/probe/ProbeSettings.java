package dev.cdcwatch.job.probe;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the probes and the connection guard need besides the reader: where to read the server's
 * binlog position, how often, and after how long a binlog connection that carries nothing is dead.
 */
public record ProbeSettings(String hostname, int port, String username, String password, Duration positionPollInterval,
                            Duration deadConnectionAfter)
        implements Serializable {

    @Override
    public String toString() {
        return "ProbeSettings[" + hostname + ":" + port + ", user " + username + ", poll every " + positionPollInterval
                + ", connection dead after " + deadConnectionAfter + "]";
    }
}

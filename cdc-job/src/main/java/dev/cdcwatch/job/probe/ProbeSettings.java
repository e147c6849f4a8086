package dev.cdcwatch.job.probe;

import java.io.Serializable;
import java.time.Duration;

/** What the probes need besides the reader: where to read the server's binlog position, and how often. */
public record ProbeSettings(String hostname, int port, String username, String password, Duration positionPollInterval)
        implements Serializable {

    @Override
    public String toString() {
        return "ProbeSettings[" + hostname + ":" + port + ", user " + username + ", poll every " + positionPollInterval + "]";
    }
}

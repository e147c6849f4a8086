package dev.cdcwatch.reporter.config;

import java.util.ArrayList;
import java.util.List;

/** The ports the Prometheus endpoint may bind, in the order they are tried. */
public record PortRange(List<Integer> ports) {

    public PortRange {
        ports = List.copyOf(ports);
    }

    /** Parses {@code 9250}, {@code 9250-9260} or a comma-separated list of both. */
    static PortRange parse(String key, String text) {
        List<Integer> ports = new ArrayList<>();
        for (String part : text.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                throw new InvalidOptionException(key, "'" + text + "' has an empty entry; use e.g. 9250 or 9250-9260");
            }
            int dash = item.indexOf('-');
            if (dash < 0) {
                ports.add(port(key, text, item));
            } else {
                int first = port(key, text, item.substring(0, dash).trim());
                int last = port(key, text, item.substring(dash + 1).trim());
                if (first > last) {
                    throw new InvalidOptionException(key, "range '" + item + "' ends before it starts");
                }
                for (int port = first; port <= last; port++) {
                    ports.add(port);
                }
            }
        }
        return new PortRange(ports);
    }

    private static int port(String key, String text, String item) {
        try {
            int port = Integer.parseInt(item);
            if (port < 0 || port > 65535) {
                throw new InvalidOptionException(key, "port " + port + " is outside 0-65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(key, "'" + text + "' is not a port or port range such as 9250 or 9250-9260");
        }
    }

    @Override
    public String toString() {
        if (ports.size() > 1 && ports.get(ports.size() - 1) - ports.get(0) == ports.size() - 1) {
            return ports.get(0) + "-" + ports.get(ports.size() - 1);
        }
        return String.join(",", ports.stream().map(String::valueOf).toList());
    }
}

package dev.cdcwatch.lineage.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Route observations collected between writes. The engine reports a route for every route sample it
 * ingests, far more often than the graph needs to change, so sightings are folded to the latest time
 * per route in memory and written in one batch.
 */
public final class RouteBuffer {

    private record Route(String job, String database, String table, String topic) {
    }

    private final Map<Route, Long> latest = new ConcurrentHashMap<>();

    public void observe(String job, String database, String table, String topic, long timeMillis) {
        latest.merge(new Route(job, database, table, topic), timeMillis, Math::max);
    }

    /** Takes the buffered sightings; later observations go to the next drain. */
    public List<RouteSighting> drain() {
        List<RouteSighting> sightings = new ArrayList<>();
        for (Route route : List.copyOf(latest.keySet())) {
            Long time = latest.remove(route);
            if (time != null) {
                sightings.add(new RouteSighting(route.job(), route.database(), route.table(), route.topic(), time, false));
            }
        }
        return sightings;
    }
}

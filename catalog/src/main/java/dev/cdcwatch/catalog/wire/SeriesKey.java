package dev.cdcwatch.catalog.wire;

import java.util.Map;

/** A sample's metric name and labels, decoded from its raw key. */
record SeriesKey(String name, Map<String, String> labels) {
}

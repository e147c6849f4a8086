package dev.cdcwatch.catalog.wire;

/** Decodes and checks the name and labels a format kept as a sample's raw key, {@code body[from, to)}. */
interface KeyDecoder {

    SeriesKey decodeKey(byte[] body, int from, int to, int index) throws BatchFormatException;
}

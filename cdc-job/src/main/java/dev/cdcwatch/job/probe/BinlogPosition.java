package dev.cdcwatch.job.probe;

/** A position in the server's binlog: file name ({@code mysql-bin.000042}) and byte offset in it. */
record BinlogPosition(String file, long position) {

    /** The file's sequence number (42 for {@code mysql-bin.000042}), -1 when the name has none. */
    long fileNumber() {
        int dot = file.lastIndexOf('.');
        try {
            return dot < 0 ? -1 : Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

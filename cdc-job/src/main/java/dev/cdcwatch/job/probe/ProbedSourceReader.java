package dev.cdcwatch.job.probe;

import dev.cdcwatch.job.event.ChangeEvent;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.core.io.InputStatus;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Flink CDC's reader, unchanged, with its {@link ReaderWatch}, which starts and stops with it. */
final class ProbedSourceReader implements SourceReader<ChangeEvent, MySqlSplit> {

    private final SourceReader<ChangeEvent, MySqlSplit> delegate;
    private final ReaderWatch watch;

    ProbedSourceReader(SourceReader<ChangeEvent, MySqlSplit> delegate, ReaderWatch watch) {
        this.delegate = delegate;
        this.watch = watch;
    }

    @Override
    public void start() {
        delegate.start();
        watch.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<ChangeEvent> output) throws Exception {
        return delegate.pollNext(output);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return delegate.isAvailable();
    }

    @Override
    public void addSplits(List<MySqlSplit> splits) {
        delegate.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
        delegate.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
        delegate.handleSourceEvents(sourceEvent);
    }

    @Override
    public List<MySqlSplit> snapshotState(long checkpointId) {
        return delegate.snapshotState(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        delegate.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        delegate.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> splitsToPause, Collection<String> splitsToResume) {
        delegate.pauseOrResumeSplits(splitsToPause, splitsToResume);
    }

    @Override
    public void close() throws Exception {
        try {
            watch.close();
        } finally {
            delegate.close();
        }
    }
}

package dev.cdcwatch.reporter.push;

import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PushBufferTest {

    private final List<EncodedBatch> dropped = new ArrayList<>();
    private final PushBuffer buffer = new PushBuffer(3, dropped::add);

    @Test
    void aFullBufferDropsTheOldestBatchAndCountsIt() throws Exception {
        for (int i = 1; i <= 5; i++) {
            buffer.add(batch(i));
        }

        assertThat(dropped).extracting(EncodedBatch::takenAtMillis).containsExactly(1L, 2L);
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.bytes()).isEqualTo(3 + 4 + 5);
        assertThat(buffer.take(0, TimeUnit.MILLISECONDS).takenAtMillis()).isEqualTo(3);
    }

    @Test
    void aBatchPutBackIsSentFirstUnlessNewerOnesFilledTheBuffer() throws Exception {
        buffer.add(batch(1));
        buffer.add(batch(2));
        EncodedBatch failed = buffer.take(0, TimeUnit.MILLISECONDS);
        buffer.putBack(failed);
        assertThat(buffer.take(0, TimeUnit.MILLISECONDS)).isSameAs(failed);

        buffer.add(batch(3));
        buffer.add(batch(4));
        buffer.putBack(failed);

        assertThat(dropped).containsExactly(failed);
        assertThat(buffer.size()).isEqualTo(3);
    }

    @Test
    void takingFromAnEmptyBufferWaitsThenGivesUp() throws Exception {
        long start = System.nanoTime();
        assertThat(buffer.take(50, TimeUnit.MILLISECONDS)).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
    }

    private static EncodedBatch batch(int n) {
        return new EncodedBatch(new byte[n], BinaryBatchCodec.CONTENT_TYPE, n, n);
    }
}

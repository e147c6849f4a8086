package dev.cdcwatch.reporter.exposition;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8WriterTest {

    @Test
    void writesWhatStandardUtf8EncodingWrites() {
        String text = "Source: mysql-cdc -> Sink: 订单 \u00e9 \uD83D\uDE80 end";
        ByteSink sink = new ByteSink(4);
        Utf8Writer writer = new Utf8Writer(sink);

        writer.write("prefix ");
        for (char c : text.toCharArray()) {
            writer.append(c); // TextFormat writes label values char by char, splitting surrogate pairs
        }
        writer.write(text, 0, text.length());
        writer.flush();

        assertThat(new String(sink.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("prefix " + text + text);
    }

    @Test
    void aLoneSurrogateBecomesAQuestionMark() {
        ByteSink sink = new ByteSink(4);
        Utf8Writer writer = new Utf8Writer(sink);
        writer.write("a\uD83Db\uDE80c");
        writer.flush();

        assertThat(new String(sink.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("a?b?c");
    }
}

package dev.cdcwatch.reporter.exposition;

import java.io.Writer;

/**
 * UTF-8 into a {@link ByteSink}, without the lock and encoder that {@code OutputStreamWriter} takes for every
 * character. Prometheus' {@code TextFormat} writes label values one character at a time, so this is where most of
 * a scrape's time goes.
 */
public final class Utf8Writer extends Writer {

    private final ByteSink sink;
    private char pendingHighSurrogate;

    public Utf8Writer(ByteSink sink) {
        this.sink = sink;
    }

    @Override
    public void write(int c) {
        put((char) c);
    }

    @Override
    public Writer append(char c) {
        put(c);
        return this;
    }

    @Override
    public void write(String text) {
        write(text, 0, text.length());
    }

    @Override
    public void write(String text, int offset, int length) {
        sink.ensure(length);
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x80 && pendingHighSurrogate == 0) {
                sink.put((byte) c);
            } else {
                put(c);
            }
        }
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            put(chars[i]);
        }
    }

    @Override
    public Writer append(CharSequence text) {
        String string = String.valueOf(text);
        write(string, 0, string.length());
        return this;
    }

    private void put(char c) {
        if (pendingHighSurrogate != 0) {
            char high = pendingHighSurrogate;
            pendingHighSurrogate = 0;
            if (Character.isLowSurrogate(c)) {
                int codePoint = Character.toCodePoint(high, c);
                sink.ensure(4);
                sink.put((byte) (0xF0 | (codePoint >> 18)));
                sink.put((byte) (0x80 | ((codePoint >> 12) & 0x3F)));
                sink.put((byte) (0x80 | ((codePoint >> 6) & 0x3F)));
                sink.put((byte) (0x80 | (codePoint & 0x3F)));
                return;
            }
            sink.write('?');
        }
        if (c < 0x80) {
            sink.write(c);
        } else if (c < 0x800) {
            sink.ensure(2);
            sink.put((byte) (0xC0 | (c >> 6)));
            sink.put((byte) (0x80 | (c & 0x3F)));
        } else if (Character.isHighSurrogate(c)) {
            pendingHighSurrogate = c;
        } else if (Character.isLowSurrogate(c)) {
            sink.write('?');
        } else {
            sink.ensure(3);
            sink.put((byte) (0xE0 | (c >> 12)));
            sink.put((byte) (0x80 | ((c >> 6) & 0x3F)));
            sink.put((byte) (0x80 | (c & 0x3F)));
        }
    }

    @Override
    public void flush() {
        if (pendingHighSurrogate != 0) {
            pendingHighSurrogate = 0;
            sink.write('?');
        }
    }

    @Override
    public void close() {
        flush();
    }
}

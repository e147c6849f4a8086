package dev.cdcwatch.catalog.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static dev.cdcwatch.catalog.wire.KeyRules.expect;

/**
 * The symbol table of one binary batch and the decoder of its sample keys. Symbols are decoded (and
 * their UTF-8 checked) only when a key that refers to them is decoded, so a batch of known series
 * decodes none.
 */
final class SymbolTable implements KeyDecoder {

    private final byte[] body;
    private final int[] starts;
    private final int[] ends;
    private final String[] decoded;
    private final KeyRules rules;

    /** Symbol i is the UTF-8 of {@code body[starts[i], ends[i])}. */
    SymbolTable(byte[] body, int[] starts, int[] ends, KeyRules rules) {
        this.body = body;
        this.starts = starts;
        this.ends = ends;
        this.decoded = new String[starts.length];
        this.rules = rules;
    }

    @Override
    public SeriesKey decodeKey(byte[] keyBody, int from, int to, int index) throws BatchFormatException {
        ByteReader in = new ByteReader(keyBody, from, to);
        String name = symbol(in, "name", index);
        rules.checkName(name, index);
        int count = in.varint("labels", index, Integer.MAX_VALUE);
        expect(count <= in.remaining() / 2, "labels", index, "counts " + count + " labels but the key ends after " + in.remaining() + " bytes");
        Map<String, String> labels = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            String label = symbol(in, "labels", index);
            String value = symbol(in, "labels." + label, index);
            rules.checkLabel(labels, label, value, index);
            labels.put(label, value);
        }
        expect(in.remaining() == 0, "key", index, "has " + in.remaining() + " bytes after its labels");
        return new SeriesKey(name, labels);
    }

    private String symbol(ByteReader in, String field, int index) throws BatchFormatException {
        int ref = in.varint(field, index, Integer.MAX_VALUE);
        if (ref >= decoded.length) {
            throw new BatchFormatException(field, index, "refers to symbol " + ref + " but the table has " + decoded.length);
        }
        String symbol = decoded[ref];
        if (symbol == null) {
            symbol = utf8(body, starts[ref], ends[ref], "symbols[" + ref + "]", index);
            decoded[ref] = symbol;
        }
        return symbol;
    }

    static String utf8(byte[] bytes, int from, int to, String field, int index) throws BatchFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BatchFormatException(field, index, "is not valid UTF-8");
        }
    }
}

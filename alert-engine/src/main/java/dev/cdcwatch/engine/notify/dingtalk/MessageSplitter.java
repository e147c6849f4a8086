package dev.cdcwatch.engine.notify.dingtalk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs markdown blocks into messages under DingTalk's size limit. Every part repeats the title (which
 * carries the keyword) so each passes the robot's keyword check; mentions go into the first part.
 */
final class MessageSplitter {

    /** Room for a continuation header and the @mention line. */
    private static final int RESERVED_BYTES = 600;

    private MessageSplitter() {
    }

    static List<DingTalkMessage> split(DingTalkRenderer.Draft draft, boolean atAll, int maxBytes) {
        String mentionLine = draft.mentions().isEmpty() ? "" : "\n" + String.join(" ", draft.mentions().stream().map(m -> "@" + m).toList());
        int budget = Math.max(200, maxBytes - RESERVED_BYTES - bytes(mentionLine) - bytes(draft.title()));
        List<String> texts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String block : draft.blocks()) {
            for (String piece : cut(block, budget)) {
                if (current.length() > 0 && bytes(current.toString()) + bytes(piece) + 1 > budget) {
                    texts.add(current.toString());
                    current.setLength(0);
                }
                current.append(piece).append('\n');
            }
        }
        texts.add(current.toString());
        List<DingTalkMessage> messages = new ArrayList<>();
        int parts = texts.size();
        for (int i = 0; i < parts; i++) {
            String title = parts == 1 ? draft.title() : draft.title() + " (" + (i + 1) + "/" + parts + ")";
            String text = (i == 0 ? "" : "### " + title + "\n") + texts.get(i) + (i == 0 ? mentionLine : "");
            messages.add(new DingTalkMessage(title, text, i == 0 ? draft.mentions() : List.of(), i == 0 && atAll));
        }
        return messages;
    }

    /** A block longer than the budget is cut on character boundaries. */
    private static List<String> cut(String block, int budget) {
        if (bytes(block) <= budget) {
            return List.of(block);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int pieceBytes = 0;
        for (int offset = 0; offset < block.length(); ) {
            int codePoint = block.codePointAt(offset);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (pieceBytes + size > budget) {
                pieces.add(piece.toString());
                piece.setLength(0);
                pieceBytes = 0;
            }
            piece.appendCodePoint(codePoint);
            pieceBytes += size;
            offset += Character.charCount(codePoint);
        }
        pieces.add(piece.toString());
        return pieces;
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

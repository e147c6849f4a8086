package dev.cdcwatch.job.sink;

/** Appends JSON string literals; the row images are JSON already and are copied as they are. */
final class JsonText {

    private JsonText() {
    }

    static StringBuilder quote(StringBuilder json, String text) {
        if (text == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    static int length(String text) {
        return text == null ? 4 : text.length();
    }
}

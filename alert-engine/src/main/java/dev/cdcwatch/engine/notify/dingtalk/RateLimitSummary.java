package dev.cdcwatch.engine.notify.dingtalk;

import dev.cdcwatch.engine.notify.OutboxEntry;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One message standing for several that the rate limit has no room for: their full text when it fits,
 * else their titles, else as many titles as fit and a count of the rest (all stay listed in the outbox).
 */
final class RateLimitSummary {

    private RateLimitSummary() {
    }

    static DingTalkMessage combine(List<OutboxEntry> entries, DingTalkConfig config) {
        String keyword = config.keyword() == null ? "" : config.keyword() + " ";
        String title = keyword + "[SUMMARY:" + entries.size() + "] notifications combined (rate limit " + config.messagesPerMinute() + "/min)";
        Set<String> mobiles = new LinkedHashSet<>();
        boolean atAll = false;
        StringBuilder full = new StringBuilder("### " + title + "\n");
        StringBuilder titles = new StringBuilder("### " + title + "\n");
        for (OutboxEntry entry : entries) {
            DingTalkMessage message = DingTalkMessage.fromJson(entry.payload());
            mobiles.addAll(message.atMobiles());
            atAll |= message.atAll();
            full.append("\n---\n").append(message.text()).append('\n');
            titles.append("- ").append(message.title()).append('\n');
        }
        int limit = config.maxMessageBytes() - 200;
        String text;
        if (MessageSplitter.bytes(full.toString()) <= limit) {
            text = full.toString();
        } else if (MessageSplitter.bytes(titles.toString()) <= limit) {
            text = titles.toString();
        } else {
            text = cutTitles(title, entries, limit);
        }
        return new DingTalkMessage(title, text, List.copyOf(mobiles), atAll);
    }

    private static String cutTitles(String title, List<OutboxEntry> entries, int limit) {
        StringBuilder text = new StringBuilder("### " + title + "\n");
        for (int i = 0; i < entries.size(); i++) {
            String line = "- " + entries.get(i).title() + "\n";
            if (MessageSplitter.bytes(text.toString()) + MessageSplitter.bytes(line) > limit - 120) {
                return text + "- … and " + (entries.size() - i) + " more; all are listed at /api/v1/notifications\n";
            }
            text.append(line);
        }
        return text.toString();
    }
}

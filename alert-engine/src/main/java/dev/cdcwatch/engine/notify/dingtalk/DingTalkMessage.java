package dev.cdcwatch.engine.notify.dingtalk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** A DingTalk markdown robot message: {@code {"msgtype":"markdown","markdown":{title,text},"at":{atMobiles,isAtAll}}}. */
public record DingTalkMessage(String title, String text, List<String> atMobiles, boolean atAll) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public DingTalkMessage {
        atMobiles = List.copyOf(atMobiles);
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("msgtype", "markdown");
        ObjectNode markdown = root.putObject("markdown");
        markdown.put("title", title);
        markdown.put("text", text);
        ObjectNode at = root.putObject("at");
        atMobiles.forEach(at.putArray("atMobiles")::add);
        at.put("isAtAll", atAll);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /** Reads a message back from the outbox. */
    public static DingTalkMessage fromJson(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<String> mobiles = new ArrayList<>();
            root.path("at").path("atMobiles").forEach(mobile -> mobiles.add(mobile.asText()));
            return new DingTalkMessage(root.path("markdown").path("title").asText(), root.path("markdown").path("text").asText(),
                    mobiles, root.path("at").path("isAtAll").asBoolean());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox entry is not a DingTalk message: " + e.getOriginalMessage(), e);
        }
    }
}

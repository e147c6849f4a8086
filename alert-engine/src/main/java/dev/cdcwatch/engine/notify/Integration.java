package dev.cdcwatch.engine.notify;

import java.util.List;

/** One configured target of a receiver (a DingTalk robot, a webhook): renders messages and delivers them. */
public interface Integration {

    String receiver();

    /** {@code dingtalk} or {@code webhook}. */
    String type();

    /** Unique among all integrations and stable across restarts: {@code receiver/type[index]}. */
    default String name() {
        return receiver() + "/" + type() + "[" + index() + "]";
    }

    int index();

    boolean sendResolved();

    /** The messages for one notification; more than one when a message must be split. */
    List<RenderedMessage> render(GroupNotification notification);

    /** Sends due entries, oldest first; returns one outcome per entry, in order. */
    List<DeliveryOutcome> deliver(List<OutboxEntry> entries);
}

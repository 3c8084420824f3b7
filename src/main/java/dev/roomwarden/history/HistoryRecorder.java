package dev.roomwarden.history;

import dev.roomwarden.live.WebhookReceived;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Keeps every webhook that live/ accepted. A database failure fails the webhook's answer, so LiveKit sends it again. */
@Component
class HistoryRecorder {

    private final HistoryEvents events;

    HistoryRecorder(HistoryEvents events) {
        this.events = events;
    }

    @EventListener
    void received(WebhookReceived received) {
        events.store(received.event());
    }
}

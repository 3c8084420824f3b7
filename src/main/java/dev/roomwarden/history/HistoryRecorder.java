package dev.roomwarden.history;

import dev.roomwarden.live.WebhookReceived;
import livekit.LivekitWebhook.WebhookEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps every webhook that live/ accepted and folds a new one into its sessions, in one transaction so that a
 * session never counts an event that was not kept. A database failure fails the webhook's answer, so LiveKit sends
 * it again.
 */
@Component
class HistoryRecorder {

    private final HistoryEvents events;
    private final HistorySessions sessions;
    private final AgentJobs agentJobs;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher publisher;

    HistoryRecorder(HistoryEvents events, HistorySessions sessions, AgentJobs agentJobs, TransactionTemplate transactions,
            ApplicationEventPublisher publisher) {
        this.events = events;
        this.sessions = sessions;
        this.agentJobs = agentJobs;
        this.transactions = transactions;
        this.publisher = publisher;
    }

    @EventListener
    void received(WebhookReceived received) {
        record(received.event(), HistoryEvents.Source.WEBHOOK);
    }

    /** Keeps one event (from a webhook, or one polling made up for what no webhook said); true if it was new. */
    boolean record(WebhookEvent event, HistoryEvents.Source source) {
        var kept = Boolean.TRUE.equals(transactions.execute(status -> {
            if (events.store(event, source) == HistoryEvents.Stored.DUPLICATE) {
                return false;
            }
            sessions.record(event);
            if ("participant_left".equals(event.getEvent()) || "participant_connection_aborted".equals(event.getEvent())) {
                // The open-source LiveKit says nothing else when an agent's job ends.
                agentJobs.left(event);
            }
            return true;
        }));
        if (kept && "participant_joined".equals(event.getEvent())) {
            // After the commit: a listener sees the join as history has it, whether a webhook or polling said it.
            publisher.publishEvent(new ParticipantJoined(event.getRoom(), event.getParticipant(), source == HistoryEvents.Source.POLLING));
        }
        return kept;
    }
}

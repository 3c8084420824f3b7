package dev.roomwarden.ingress;

import dev.roomwarden.live.WebhookReceived;
import dev.roomwarden.livekit.LiveKitGateway;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** An ingress webhook (ingress_started, ingress_ended) makes the next list of ingresses be asked of LiveKit. */
@Component
class IngressWebhooks {

    private final LiveKitGateway livekit;

    IngressWebhooks(LiveKitGateway livekit) {
        this.livekit = livekit;
    }

    @EventListener
    void received(WebhookReceived received) {
        if (received.event().getEvent().startsWith("ingress_")) {
            livekit.ingressChanged();
        }
    }
}

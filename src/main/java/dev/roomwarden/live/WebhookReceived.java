package dev.roomwarden.live;

import livekit.LivekitWebhook.WebhookEvent;

/**
 * A LiveKit webhook whose signature held, published once by {@link WebhookController}: live updates, history and
 * any later feature listen to this rather than to the endpoint. Listeners run on the request's thread, so one
 * that fails makes the answer a 500 and LiveKit sends the event again.
 */
public record WebhookReceived(WebhookEvent event) {
}

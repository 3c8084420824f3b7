package dev.roomwarden.livekit;

/** Every way a LiveKit call can fail, each with the one message staff see for it. */
public enum LiveKitFailure {
    UNREACHABLE("Roomwarden can't reach LiveKit at %s. Check that the server is running and that LIVEKIT_URL is right."),
    TIMEOUT("LiveKit at %s did not answer in time. It may be overloaded, and an action may still take effect: "
            + "check the table again in a moment."),
    UNAUTHORIZED("LiveKit at %s rejected Roomwarden's API key. Check LIVEKIT_API_KEY and LIVEKIT_API_SECRET."),
    NOT_FOUND("LiveKit at %s no longer knows this room or participant."),
    INVALID_REQUEST("LiveKit at %s refused the request as invalid."),
    UNAVAILABLE("LiveKit at %s says it is unavailable right now. Roomwarden will keep trying."),
    SERVER_ERROR("LiveKit at %s reported an internal error."),
    /** LiveKit answered, and does not implement the call (the open-source server's stubs of Cloud-only calls). */
    NOT_IMPLEMENTED("LiveKit at %s does not implement this call."),
    /** LiveKit answered, and the service behind the call (Egress, Ingress) is not connected to it, or has no worker. */
    NOT_AVAILABLE("This is not available on this LiveKit server (%s): the service it needs is not connected."),
    /**
     * LiveKit answered, and the phone call it placed or transferred did not go through: the other end was busy, did not
     * answer or declined. Its SIP status is in LiveKit's message ("sip status: 486: Busy Here", "sip request timed out").
     */
    CALL_FAILED("LiveKit at %s placed the call, and the other end did not take it."),
    BAD_RESPONSE("LiveKit at %s sent an answer Roomwarden could not read. Is LIVEKIT_URL pointing at a LiveKit server?"),
    /** Not sent: an earlier call found LiveKit not answering, and no probe has had an answer since. */
    NOT_ANSWERING("LiveKit at %s is not answering, so Roomwarden did not send this or wait for it; it asks LiveKit again by "
            + "itself every few seconds.");

    private final String template;

    LiveKitFailure(String template) {
        this.template = template;
    }

    public String describe(String host) {
        return template.formatted(host);
    }
}

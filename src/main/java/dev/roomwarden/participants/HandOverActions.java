package dev.roomwarden.participants;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.livekit.RpcResult;
import dev.roomwarden.participants.HandOvers.State;
import livekit.LivekitModels.ParticipantInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handing a conversation over from an AI agent to a human: the customer is told (optionally), the agent is asked
 * by RPC to leave by itself, and only when it does not (it has no such method, answers an error, does not answer,
 * or is still there after the wait) is it removed. It runs in the background, one step after another written
 * to {@link HandOvers} for the dialog to show, and is audited as one action with its outcome.
 */
@Service
public class HandOverActions implements DisposableBean {

    /** The topic LiveKit's chat components listen on (as rooms.RoomMessage sends it). */
    static final String CHAT_TOPIC = "lk-chat-topic";
    static final int MAX_MESSAGE = 2_000;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(HandOverActions.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;
    private final HandOvers handOvers;
    private final HandOverProperties properties;
    private final Clock clock;
    private final ExecutorService workers;

    HandOverActions(LiveKitGateway livekit, AuditLog auditLog, HandOvers handOvers, HandOverProperties properties, Clock clock) {
        this.livekit = livekit;
        this.auditLog = auditLog;
        this.handOvers = handOvers;
        this.properties = properties;
        this.clock = clock;
        var count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(4, task -> {
            var thread = new Thread(task, "hand-over-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The agent the dialog is about, and the dispatch it came from (empty when none). */
    public record Agent(String identity, String sid, Optional<String> dispatchId) {
    }

    HandOverProperties settings() {
        return properties;
    }

    /** The agent as LiveKit has it now; refused with a message when it has left or is not an agent. */
    @PreAuthorize("hasRole('MODERATOR')")
    public Agent agent(String room, String identity) {
        var participant = livekit.lookUpParticipant(room, identity)
                .orElseThrow(() -> new InvalidInputException("“" + identity + "” is no longer in “" + room + "”."));
        if (participant.getKind() != ParticipantInfo.Kind.AGENT) {
            throw new InvalidInputException("Only an agent can be handed over to a human: “" + identity + "” is a "
                    + participant.getKind().name() + " participant.");
        }
        return new Agent(identity, participant.getSid(), dispatchOf(room, identity));
    }

    /** The dispatch whose job sent this agent into the room. */
    private Optional<String> dispatchOf(String room, String identity) {
        return livekit.listDispatches(room).stream()
                .filter(d -> d.getState().getJobsList().stream().anyMatch(j -> j.getState().getParticipantIdentity().equals(identity)))
                .map(d -> d.getId()).findFirst();
    }

    /**
     * Starts the hand-over and answers its id at once; the dialog then asks {@link HandOvers} how it goes. The
     * form's fields are checked after the role: a refused role is refused, and recorded, first.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.HAND_OVER_AGENT, room = "room", participant = "identity", reason = "reason")
    public String handOver(String room, String identity, String message, String reason, boolean cancelDispatch) {
        var text = message == null ? "" : message.strip();
        if (text.length() > MAX_MESSAGE) {
            throw new InvalidInputException("The message is too long: at most " + MAX_MESSAGE + " characters.");
        }
        var agent = agent(room, identity);
        var username = SecurityContextHolder.getContext().getAuthentication().getName();
        var dispatch = cancelDispatch ? agent.dispatchId() : Optional.<String>empty();
        var id = handOvers.start(room, identity, username, text.isEmpty() ? "Asking the agent to leave…" : "Sending your message…")
                .orElseThrow(() -> new InvalidInputException("“" + identity + "” is being handed over already."));
        var payload = rpcPayload(reason, handOvers.displayName(username), room);
        var target = AuditTarget.participant(room, identity).withSids(null, agent.sid());
        workers.execute(new DelegatingSecurityContextRunnable(AuditLog.handedOn(() -> run(id, target, text, payload, reason, dispatch))));
        return id;
    }

    /** What the agent is told: why, who takes over (the RPC caller it sees is a random id) and where. */
    static String rpcPayload(String reason, String staff, String room) {
        var payload = new LinkedHashMap<String, String>();
        payload.put("reason", reason == null ? "" : reason);
        payload.put("staff", staff);
        payload.put("room", room);
        return JSON.writeValueAsString(payload);
    }

    /** What came of each step, for the audit record (outcome first) and the dialog. */
    private static final class Steps {
        String outcome;
        String rpc;
        final List<String> others = new ArrayList<>();

        String detail() {
            var parts = new ArrayList<String>();
            if (outcome != null) {
                parts.add(outcome);
            }
            if (rpc != null) {
                parts.add(rpc);
            }
            parts.addAll(others);
            return String.join("; ", parts);
        }
    }

    private void run(String id, AuditTarget target, String message, String payload, String reason, Optional<String> dispatch) {
        var steps = new Steps();
        var said = new StringBuilder();
        try {
            auditLog.performInSteps(AuditAction.HAND_OVER_AGENT, target, reason, "started",
                    () -> steps(id, target.room(), target.participant(), message, payload, dispatch, steps, said), steps::detail);
        } catch (LiveKitException e) {
            handOvers.finish(id, State.FAILED, said + "The hand-over stopped: " + (e.explanation() != null ? e.explanation() : e.userMessage())
                    + " Check the room: the agent may still be there.");
        } catch (RuntimeException e) {
            log.warn("Hand-over {} failed", id, e);
            handOvers.finish(id, State.FAILED, said + "The hand-over stopped: Roomwarden failed (" + e.getClass().getSimpleName()
                    + "). Check the room and the audit log.");
        }
    }

    private ActionOutcome steps(String id, String room, String identity, String message, String payload, Optional<String> dispatch,
            Steps steps, StringBuilder said) {
        var who = "“" + identity + "”";
        if (!message.isEmpty()) {
            var sent = livekit.sendData(room, chatMessage(message), List.of(), CHAT_TOPIC);
            steps.others.add(sent == ActionOutcome.DONE ? "message sent: " + Text.cut(message, 80) : "message not sent: the room had ended");
            said.append(sent == ActionOutcome.DONE ? "Your message “" + message + "” was sent to the room. " : "");
        }
        handOvers.progress(id, said + "Asking " + who + " to hand over (" + properties.method() + ")…");
        Optional<RpcResult> answer;
        String why = null;
        try {
            answer = livekit.performRpc(room, identity, properties.method(), payload, properties.answerTimeout());
        } catch (LiveKitException e) {
            if (e.failure() != LiveKitFailure.TIMEOUT) {
                throw e;
            }
            answer = Optional.of(new RpcResult(null, 0, null));
            steps.rpc = "no answer: LiveKit gave up waiting for the agent";
            why = "LiveKit gave up waiting for its answer";
        }
        if (answer.isEmpty()) {
            steps.outcome = "had already left";
            handOvers.finish(id, State.GONE, said + who + " had already left the room.");
            return ActionOutcome.ALREADY_GONE;
        }
        var rpc = answer.get();
        if (why == null) {
            steps.rpc = "RPC " + Text.cut(rpc.describe(), 120);
            why = whyRemoved(rpc);
        }
        if (why == null) {
            handOvers.progress(id, said + who + " answered. Waiting up to " + seconds(properties.leaveWait()) + " for it to leave by itself…");
        }
        if (leftWithin(room, identity, why == null ? properties.leaveWait() : Duration.ZERO)) {
            steps.outcome = "left by itself";
            handOvers.finish(id, State.LEFT, said + who + " left by itself." + cancel(room, dispatch, steps));
            return ActionOutcome.DONE;
        }
        if (why == null) {
            why = "it answered but was still in the room after " + seconds(properties.leaveWait());
        }
        handOvers.progress(id, said + "Removing " + who + ": " + why + "…");
        var removed = livekit.removeParticipant(room, identity);
        steps.outcome = removed == ActionOutcome.DONE ? "removed after " + why : "left by itself (just before it was removed)";
        handOvers.finish(id, removed == ActionOutcome.DONE ? State.REMOVED : State.LEFT, said + (removed == ActionOutcome.DONE
                ? who + " was removed: " + why + "." : who + " left by itself.") + cancel(room, dispatch, steps));
        return ActionOutcome.DONE;
    }

    /** Why the agent is removed after this answer, or null when it agreed to leave. */
    private String whyRemoved(RpcResult rpc) {
        if (!rpc.isError()) {
            return null;
        }
        if (rpc.errorCode() == RpcResult.UNSUPPORTED_METHOD) {
            return "it does not implement " + properties.method() + " (" + rpc.describe() + ")";
        }
        if (rpc.timedOut()) {
            return "it did not answer within " + seconds(properties.answerTimeout()) + " (" + rpc.describe() + ")";
        }
        return "it answered with an error (" + rpc.describe() + ")";
    }

    private String cancel(String room, Optional<String> dispatch, Steps steps) {
        if (dispatch.isEmpty()) {
            return "";
        }
        var outcome = livekit.deleteDispatch(room, dispatch.get());
        steps.others.add("dispatch " + dispatch.get() + (outcome == ActionOutcome.DONE ? " cancelled" : " was already gone"));
        return " Its dispatch " + dispatch.get() + (outcome == ActionOutcome.DONE ? " is cancelled, so it is not sent again." : " was already gone.");
    }

    /** Whether the participant is gone from LiveKit within this time (asked every quarter of a second). */
    private boolean leftWithin(String room, String identity, Duration wait) {
        var deadline = clock.instant().plus(wait);
        while (true) {
            if (livekit.lookUpParticipant(room, identity).isEmpty()) {
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static String seconds(Duration duration) {
        var millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** LiveKit's chat message, as LiveKit Meet and the agents playground show it. */
    private byte[] chatMessage(String text) {
        var chat = new LinkedHashMap<String, Object>();
        chat.put("id", UUID.randomUUID().toString());
        chat.put("timestamp", clock.instant().toEpochMilli());
        chat.put("message", text);
        return JSON.writeValueAsString(chat).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}

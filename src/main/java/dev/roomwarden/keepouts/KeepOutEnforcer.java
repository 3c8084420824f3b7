package dev.roomwarden.keepouts;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.history.InsertOnce;
import dev.roomwarden.history.ParticipantJoined;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.phonenumbers.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Removes a kept-out identity again as soon as history keeps its participant_joined, from a webhook or from polling.
 * The removal is claimed in the database first (one row per keep-out and participant sid), so that of several
 * instances that see the same join only one removes and records it. The keep-out is looked up and LiveKit asked off the
 * webhook's thread, so the webhook's answer never waits for LiveKit or fails for a keep-out.
 */
@Component
class KeepOutEnforcer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KeepOutEnforcer.class);

    private final KeepOuts keepOuts;
    private final InsertOnce insertOnce;
    private final LiveKitGateway livekit;
    private final AuditLog auditLog;
    private final Clock clock;
    // One at a time, in the order LiveKit said they joined.
    private final ExecutorService removals = Executors.newSingleThreadExecutor(task -> {
        var thread = new Thread(task, "keep-out");
        thread.setDaemon(true);
        return thread;
    });

    KeepOutEnforcer(KeepOuts keepOuts, InsertOnce insertOnce, LiveKitGateway livekit, AuditLog auditLog, Clock clock) {
        this.keepOuts = keepOuts;
        this.insertOnce = insertOnce;
        this.livekit = livekit;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** Looked up off the webhook's thread too: a database failure here must not fail the webhook that history kept. */
    @EventListener
    void joined(ParticipantJoined joined) {
        var room = joined.room().getName();
        var identity = joined.participant().getIdentity();
        var at = clock.instant();
        try {
            removals.execute(() -> {
                try {
                    keepOuts.keepingOut(identity, room, at).ifPresent(keepOut -> removeAgain(keepOut, room, joined));
                } catch (RuntimeException e) {
                    log.warn("Could not check whether participant {} of room {} is kept out: {}", PhoneNumbers.maskedIn(identity),
                            PhoneNumbers.maskedIn(room), PhoneNumbers.maskedIn(e.toString()));
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the next instance to see them join removes them.
        }
    }

    /** Claims the removal, then removes; a claim another instance made first means that instance does it. */
    private void removeAgain(KeepOut keepOut, String room, ParticipantJoined joined) {
        var identity = joined.participant().getIdentity();
        var sid = joined.participant().getSid();
        try {
            if (!insertOnce.insert("INSERT INTO keep_out_removal (keep_out_id, participant_sid, claimed_at) VALUES (?, ?, ?)",
                    keepOut.id(), sid, Timestamp.from(clock.instant()))) {
                return;
            }
            var detail = "kept out of " + keepOut.scope() + " " + keepOut.until() + " by " + keepOut.decidedBy() + " (audit record #"
                    + keepOut.auditId() + "); removed again on joining" + (joined.polled() ? " (seen by polling)" : "");
            auditLog.performAsSystem(AuditAction.REMOVE_KEPT_OUT,
                    AuditTarget.participant(room, identity).withSids(joined.room().getSid(), sid), keepOut.reason(), detail,
                    keepOut.batchId(), () -> livekit.removeParticipant(room, identity));
        } catch (LiveKitException e) {
            // Recorded as FAILED in the audit log; the participant stays until they join again.
            log.warn("Could not remove kept-out participant {} from room {}: {}", PhoneNumbers.maskedIn(identity),
                    PhoneNumbers.maskedIn(room), PhoneNumbers.maskedIn(e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("Could not remove kept-out participant {} from room {}: {}", PhoneNumbers.maskedIn(identity),
                    PhoneNumbers.maskedIn(room), PhoneNumbers.maskedIn(e.toString()));
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        removals.shutdown();
        removals.awaitTermination(5, TimeUnit.SECONDS);
    }
}

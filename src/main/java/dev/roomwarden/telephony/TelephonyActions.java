package dev.roomwarden.telephony;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import com.google.protobuf.Message;
import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.phonenumbers.PhoneNumbers;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * LiveKit's SIP trunks and dispatch rules (/telephony): listing them without passwords, and creating, replacing and
 * deleting one (ADMIN), each checked before it is sent and audited. A replace keeps the stored password unless a new
 * one is given or its removal asked for. Audit details begin with the id and hold numbers masked, never a password.
 */
@Service
public class TelephonyActions {

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;

    TelephonyActions(LiveKitGateway livekit, AuditLog auditLog) {
        this.livekit = livekit;
        this.auditLog = auditLog;
    }

    /** The three tables of /telephony. */
    public record Tables(List<InboundTrunkRow> inbound, List<OutboundTrunkRow> outbound, List<DispatchRuleRow> rules) {
    }

    /** What was saved, for the message after it. */
    public record Saved(SipKind kind, String id, String name) {
    }

    public Tables tables() {
        var inbound = livekit.listInboundTrunks();
        var outbound = livekit.listOutboundTrunks();
        var names = new LinkedHashMap<String, String>();
        inbound.forEach(t -> names.put(t.getSipTrunkId(), t.getName().isEmpty() ? t.getSipTrunkId() : t.getName()));
        outbound.forEach(t -> names.put(t.getSipTrunkId(), t.getName().isEmpty() ? t.getSipTrunkId() : t.getName()));
        return new Tables(inbound.stream().map(InboundTrunkRow::of).toList(), outbound.stream().map(OutboundTrunkRow::of).toList(),
                livekit.listDispatchRules().stream().map(r -> DispatchRuleRow.of(r, names)).toList());
    }

    /** The inbound trunks a dispatch rule can name, for the rule form. */
    public List<InboundTrunkRow> inboundTrunks() {
        return livekit.listInboundTrunks().stream().map(InboundTrunkRow::of).toList();
    }

    /** What LiveKit has now by this id (asked again, not from the cache), with its password: never for a template. */
    Optional<Message> current(SipKind kind, String id) {
        var wanted = kind.requireId(id);
        livekit.sipChanged();
        List<? extends Message> all = switch (kind) {
            case INBOUND -> livekit.listInboundTrunks();
            case OUTBOUND -> livekit.listOutboundTrunks();
            case RULE -> livekit.listDispatchRules();
        };
        return all.stream().filter(m -> wanted.equals(idOf(m))).map(m -> (Message) m).findFirst();
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.CREATE_SIP_TRUNK)
    public Saved createTrunk(String kind, SipForm form) {
        var trunk = trunkKind(kind);
        return save(trunk, trunk.create, null, form, edited -> trunk == SipKind.INBOUND
                ? livekit.createInboundTrunk((SIPInboundTrunkInfo) edited) : livekit.createOutboundTrunk((SIPOutboundTrunkInfo) edited));
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.UPDATE_SIP_TRUNK)
    public Saved replaceTrunk(String kind, String id, SipForm form) {
        var trunk = trunkKind(kind);
        var current = existing(trunk, id);
        return save(trunk, trunk.update, current, form, edited -> trunk == SipKind.INBOUND
                ? livekit.replaceInboundTrunk(id, (SIPInboundTrunkInfo) edited)
                : livekit.replaceOutboundTrunk(id, (SIPOutboundTrunkInfo) edited));
    }

    /** Deletes a trunk. LiveKit answers success for an id it does not have, so it is looked for first: "already gone". */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.DELETE_SIP_TRUNK, reason = "reason")
    public ActionOutcome deleteTrunk(String kind, String id, String reason) {
        var trunk = trunkKind(kind);
        var trunkId = trunk.requireId(id);
        var known = new AtomicReference<Message>();
        return auditLog.performInSteps(AuditAction.DELETE_SIP_TRUNK, AuditTarget.room(null), reason, trunkId + " · " + trunk.words(), () -> {
            known.set(current(trunk, trunkId).orElse(null));
            if (known.get() == null) {
                return ActionOutcome.ALREADY_GONE;
            }
            livekit.deleteTrunk(trunkId);
            return ActionOutcome.DONE;
        }, () -> known.get() == null ? trunkId + " · " + trunk.words() : trunkId + " · " + describe(known.get()));
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.CREATE_SIP_DISPATCH_RULE)
    public Saved createRule(SipForm form) {
        return save(SipKind.RULE, SipKind.RULE.create, null, form, edited -> livekit.createDispatchRule((SIPDispatchRuleInfo) edited));
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.UPDATE_SIP_DISPATCH_RULE)
    public Saved replaceRule(String id, SipForm form) {
        var current = existing(SipKind.RULE, id);
        return save(SipKind.RULE, SipKind.RULE.update, current, form,
                edited -> livekit.replaceDispatchRule(id, (SIPDispatchRuleInfo) edited));
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.DELETE_SIP_DISPATCH_RULE, reason = "reason")
    public ActionOutcome deleteRule(String id, String reason) {
        var ruleId = SipKind.RULE.requireId(id);
        var deleted = new AtomicReference<SIPDispatchRuleInfo>();
        return auditLog.performInSteps(AuditAction.DELETE_SIP_DISPATCH_RULE, AuditTarget.room(null), reason,
                ruleId + " · dispatch rule", () -> {
                    deleted.set(livekit.deleteDispatchRule(ruleId).orElse(null));
                    return deleted.get() == null ? ActionOutcome.ALREADY_GONE : ActionOutcome.DONE;
                }, () -> deleted.get() == null ? ruleId + " · dispatch rule" : ruleId + " · " + describe(deleted.get()));
    }

    private static SipKind trunkKind(String kind) {
        var trunk = SipKind.of(kind);
        if (!trunk.trunk()) {
            throw new dev.roomwarden.input.InvalidInputException("'" + kind + "' is not inbound or outbound.");
        }
        return trunk;
    }

    private Message existing(SipKind kind, String id) {
        return current(kind, id).orElseThrow(() -> SipChecks.refused("LiveKit has no " + kind.words() + " " + id
                + " (any more): it may have been deleted meanwhile."));
    }

    /** Checks what was typed, then audits and sends it; LiveKit's refusal comes back as a sentence that says why. */
    private Saved save(SipKind kind, AuditAction action, Message current, SipForm form, UnaryOperator<Message> send) {
        var edited = SipEdit.edited(kind, form, current);
        var detail = (current == null ? "" : idOf(current) + " · ") + describe(edited.message())
                + (edited.passwordWords().isEmpty() ? "" : "; " + edited.passwordWords());
        var saved = new AtomicReference<Message>();
        auditLog.performInSteps(action, target(edited.message()), null, detail, () -> {
            try {
                saved.set(send.apply(edited.message()));
            } catch (LiveKitException e) {
                throw refusal(e, kind, current);
            }
            return ActionOutcome.DONE;
        }, () -> saved.get() == null || current != null ? detail : idOf(saved.get()) + " · " + detail);
        return new Saved(kind, idOf(saved.get()), nameOf(saved.get()));
    }

    /** LiveKit's refusal in its own words (without psrpc's prefix), after what was not done. */
    private static LiveKitException refusal(LiveKitException e, SipKind kind, Message current) {
        var message = e.livekitWords();
        if (e.explanation() != null || message.isEmpty()) {
            return e;
        }
        if (e.failure() == LiveKitFailure.NOT_FOUND && current != null) {
            return e.explained("LiveKit has no " + kind.words() + " " + idOf(current) + " (any more): it may have been deleted "
                    + "meanwhile." + SipChecks.NOTHING_SAVED);
        }
        if (e.failure() == LiveKitFailure.INVALID_REQUEST || e.failure() == LiveKitFailure.SERVER_ERROR
                || e.failure() == LiveKitFailure.NOT_FOUND) {
            return e.explained("LiveKit refused the " + kind.words() + ": " + PhoneNumbers.maskedIn(message) + "." + SipChecks.NOTHING_SAVED);
        }
        return e;
    }

    private static AuditTarget target(Message message) {
        if (message instanceof SIPDispatchRuleInfo rule && rule.getRule().getRuleCase() == SIPDispatchRule.RuleCase.DISPATCH_RULE_DIRECT) {
            return AuditTarget.room(rule.getRule().getDispatchRuleDirect().getRoomName());
        }
        return AuditTarget.room(null);
    }

    static String idOf(Message message) {
        if (message instanceof SIPInboundTrunkInfo t) {
            return t.getSipTrunkId();
        }
        if (message instanceof SIPOutboundTrunkInfo t) {
            return t.getSipTrunkId();
        }
        return ((SIPDispatchRuleInfo) message).getSipDispatchRuleId();
    }

    private static String nameOf(Message message) {
        if (message instanceof SIPInboundTrunkInfo t) {
            return t.getName();
        }
        if (message instanceof SIPOutboundTrunkInfo t) {
            return t.getName();
        }
        return ((SIPDispatchRuleInfo) message).getName();
    }

    /**
     * "inbound trunk “Support line”, numbers +1 415 ••• ••00", "dispatch rule “Support callers”: a room per caller,
     * prefix “call-”", for the audit log: numbers masked, no password.
     */
    static String describe(Message message) {
        String words;
        if (message instanceof SIPInboundTrunkInfo t) {
            words = "inbound trunk" + named(t.getName()) + numbers(t.getNumbersList());
        } else if (message instanceof SIPOutboundTrunkInfo t) {
            words = "outbound trunk" + named(t.getName()) + (t.getAddress().isEmpty() ? "" : " to " + t.getAddress())
                    + numbers(t.getNumbersList());
        } else {
            var r = (SIPDispatchRuleInfo) message;
            var rule = r.getRule();
            words = "dispatch rule" + named(r.getName()) + ": " + SipWords.ruleKind(rule) + " “" + SipWords.ruleTarget(rule) + "”"
                    + (SipWords.pin(rule).isEmpty() ? "" : ", with a PIN")
                    + (r.getTrunkIdsCount() == 0 ? ", any trunk" : ", trunks " + String.join(", ", r.getTrunkIdsList()))
                    + (r.getRoomConfig().getAgentsCount() == 0 ? "" : ", agents " + String.join(", ",
                            r.getRoomConfig().getAgentsList().stream().map(a -> a.getAgentName()).toList()));
        }
        return PhoneNumbers.maskedIn(words);
    }

    private static String named(String name) {
        return name.isEmpty() ? "" : " “" + name + "”";
    }

    private static String numbers(List<String> numbers) {
        return numbers.isEmpty() ? "" : ", numbers " + String.join(", ", numbers);
    }
}

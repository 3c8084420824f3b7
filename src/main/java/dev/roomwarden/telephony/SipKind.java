package dev.roomwarden.telephony;

import java.util.Locale;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;

/** What /telephony edits: the word in its URL, the words staff read, LiveKit's id prefix and the audit actions. */
enum SipKind {
    INBOUND("inbound", "inbound trunk", "ST_", AuditAction.CREATE_SIP_TRUNK, AuditAction.UPDATE_SIP_TRUNK, AuditAction.DELETE_SIP_TRUNK),
    OUTBOUND("outbound", "outbound trunk", "ST_", AuditAction.CREATE_SIP_TRUNK, AuditAction.UPDATE_SIP_TRUNK, AuditAction.DELETE_SIP_TRUNK),
    RULE("rules", "dispatch rule", "SDR_", AuditAction.CREATE_SIP_DISPATCH_RULE, AuditAction.UPDATE_SIP_DISPATCH_RULE,
            AuditAction.DELETE_SIP_DISPATCH_RULE);

    /** The URL segment a route accepts: {@code /telephony/{kind}/...}. */
    static final String PATH_PATTERN = "{kind:inbound|outbound|rules}";

    private final String path;
    private final String words;
    private final String idPrefix;
    final AuditAction create;
    final AuditAction update;
    final AuditAction delete;

    SipKind(String path, String words, String idPrefix, AuditAction create, AuditAction update, AuditAction delete) {
        this.path = path;
        this.words = words;
        this.idPrefix = idPrefix;
        this.create = create;
        this.update = update;
        this.delete = delete;
    }

    static SipKind of(String path) {
        for (var kind : values()) {
            if (kind.path.equals(path == null ? "" : path.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new InvalidInputException("'" + Text.abbreviate(path == null ? "" : path, 40)
                + "' is not inbound, outbound or rules.");
    }

    public String path() {
        return path;
    }

    /** "inbound trunk", "outbound trunk", "dispatch rule". */
    public String words() {
        return words;
    }

    public boolean trunk() {
        return this != RULE;
    }

    /** An id from a URL: ST_ or SDR_ and letters and digits, as LiveKit makes them. */
    String requireId(String id) {
        if (id == null || !id.matches(idPrefix + "[A-Za-z0-9]{1,40}")) {
            throw new InvalidInputException("'" + Text.abbreviate(id == null ? "" : id, 40) + "' is not " + article() + " " + words
                    + " id (" + idPrefix + "...).");
        }
        return id;
    }

    String article() {
        return this == INBOUND ? "an" : "a";
    }

    /** The empty message of this kind, for the JSON parser. */
    com.google.protobuf.Message.Builder newBuilder() {
        return switch (this) {
            case INBOUND -> SIPInboundTrunkInfo.newBuilder();
            case OUTBOUND -> SIPOutboundTrunkInfo.newBuilder();
            case RULE -> SIPDispatchRuleInfo.newBuilder();
        };
    }
}

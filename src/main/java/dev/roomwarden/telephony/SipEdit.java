package dev.roomwarden.telephony;

import com.google.protobuf.Message;

/**
 * The object to send for what was typed: the form's fields over LiveKit's object (or a new one), or the whole JSON;
 * without an id or LiveKit's times; for a trunk the password by the write-only rule (a new one when typed, none when its
 * removal is ticked, else the stored one); then {@link SipChecks checked}.
 */
final class SipEdit {

    /** The object to send, and what became of the password in words for the audit log ("password kept"). */
    record Edited(Message message, String passwordWords) {
    }

    private SipEdit() {
    }

    static Edited edited(SipKind kind, SipForm form, Message current) {
        Message typed;
        if (form.jsonMode()) {
            typed = SipJson.parse(kind, form.json());
            var id = TelephonyActions.idOf(typed);
            if (!id.isEmpty() && (current == null || !id.equals(TelephonyActions.idOf(current)))) {
                throw SipChecks.refused(current == null ? "The JSON names an id (" + id + "): leave it out, LiveKit gives a new "
                        + kind.words() + " its id." : "The JSON names another id (" + id + ") than the " + kind.words()
                        + " being edited: leave it out.");
            }
        } else {
            typed = form.applyTo(current != null ? current : kind.newBuilder().build());
        }
        var builder = typed.toBuilder();
        for (var name : new String[] {"sip_trunk_id", "sip_dispatch_rule_id", "created_at", "updated_at"}) {
            var field = builder.getDescriptorForType().findFieldByName(name);
            if (field != null) {
                builder.clearField(field);
            }
        }
        var words = "";
        if (kind.trunk()) {
            var field = builder.getDescriptorForType().findFieldByName("auth_password");
            var given = form.jsonMode() ? (String) typed.getField(field) : form.password() == null ? "" : form.password();
            var stored = current == null ? "" : (String) current.getField(field);
            if (form.removesPassword() && !given.isEmpty()) {
                throw SipChecks.refused("Type a new password or tick “remove the password”, not both.");
            }
            var password = form.removesPassword() ? "" : !given.isEmpty() ? given : stored;
            builder.setField(field, password);
            words = current == null ? (password.isEmpty() ? "no password" : "with a password")
                    : form.removesPassword() ? (stored.isEmpty() ? "no password" : "password removed")
                    : !given.isEmpty() ? "password replaced" : stored.isEmpty() ? "no password" : "password kept";
        }
        return new Edited(SipChecks.checked(builder.build()), words);
    }
}

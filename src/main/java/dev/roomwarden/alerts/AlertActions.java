package dev.roomwarden.alerts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Locale;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.overview.AttentionRule;
import dev.roomwarden.overview.AttentionSetting;
import dev.roomwarden.overview.AttentionSettings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * What an ADMIN changes at /alerts: the rules (threshold, checked, notifies), the targets, and "Send test". Each change
 * is checked first (bad input changes nothing and says why in a sentence), then made, then audited with what changed;
 * a webhook's URL never appears in the audit log, only its scheme and host.
 */
@Service
class AlertActions {

    private static final AuditTarget NO_TARGET = new AuditTarget(null, null, null, null, null);
    private static final int MAX_NAME = 100;

    /** What the target form sends; {@code url} empty when editing keeps the stored one. */
    record TargetForm(String name, String kind, String url, String email, String format, String enabled) {

        static TargetForm blank(AlertTarget.Kind kind) {
            return new TargetForm("", kind.name(), "", "", AlertTarget.Format.SLACK.name(), "on");
        }

        static TargetForm of(AlertTarget target) {
            return new TargetForm(target.name(), target.kind().name(), "", target.webhook() ? "" : target.address(),
                    target.format() == null ? AlertTarget.Format.SLACK.name() : target.format().name(), target.enabled() ? "on" : null);
        }

        /** What was typed, shown again after a refusal: never the URL. */
        TargetForm typedAgain() {
            return new TargetForm(name, kind, "", email, format, enabled);
        }

        public boolean on() {
            return enabled != null && !enabled.isEmpty() && !"false".equals(enabled);
        }
    }

    private final AttentionSettings settings;
    private final AlertTargets targets;
    private final TargetAddresses addresses;
    private final AlertSender sender;
    private final Notifier notifier;
    private final AuditLog auditLog;
    private final AlertsProperties properties;
    private final Clock clock;

    AlertActions(AttentionSettings settings, AlertTargets targets, TargetAddresses addresses, AlertSender sender, Notifier notifier,
            AuditLog auditLog, AlertsProperties properties, Clock clock) {
        this.settings = settings;
        this.targets = targets;
        this.addresses = addresses;
        this.sender = sender;
        this.notifier = notifier;
        this.auditLog = auditLog;
        this.properties = properties;
        this.clock = clock;
    }

    /** Sets one rule; returns what changed in words, or null when nothing did. */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.UPDATE_ALERT_RULE)
    public String saveRule(AttentionRule rule, String threshold, boolean enabled, boolean notifies) {
        var before = settings.of(rule);
        var number = Text.wholeNumber(threshold, before.threshold(), Integer.MIN_VALUE, Integer.MAX_VALUE,
                "“" + rule.title() + "”: the threshold must be a whole number of " + rule.unit().words() + ". Nothing was changed.");
        if (number == before.threshold() && enabled == before.enabled() && notifies == before.notifies()) {
            return null;
        }
        var after = settings.save(rule, number, enabled, notifies, who());
        var changes = changes(before, after);
        auditLog.record(AuditAction.UPDATE_ALERT_RULE, NO_TARGET, null, AuditOutcome.DONE, Text.cut("“" + rule.title() + "”: " + changes, 300));
        return changes;
    }

    private static String changes(AttentionSetting before, AttentionSetting after) {
        var changes = new ArrayList<String>();
        if (before.threshold() != after.threshold()) {
            changes.add("threshold " + before.threshold() + " -> " + after.threshold() + " " + after.rule().unit().words());
        }
        if (before.enabled() != after.enabled()) {
            changes.add("checked " + onOff(before.enabled()) + " -> " + onOff(after.enabled()));
        }
        if (before.notifies() != after.notifies()) {
            changes.add("notifies " + onOff(before.notifies()) + " -> " + onOff(after.notifies()));
        }
        return String.join("; ", changes);
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.CREATE_ALERT_TARGET)
    public AlertTarget createTarget(TargetForm form) {
        var kind = kind(form.kind());
        var name = name(form.name());
        var format = kind == AlertTarget.Kind.WEBHOOK ? format(form.format()) : null;
        var address = kind == AlertTarget.Kind.WEBHOOK ? url(form.url()) : email(form.email());
        var created = targets.create(name, kind, address, format, form.on(), clock.instant(), who());
        auditLog.record(AuditAction.CREATE_ALERT_TARGET, NO_TARGET, null, AuditOutcome.DONE, Text.cut("#" + created.id() + " "
                + created.described(), 300));
        return created;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.UPDATE_ALERT_TARGET)
    public AlertTarget updateTarget(long id, TargetForm form) {
        var before = existing(id);
        var name = name(form.name());
        var webhook = before.webhook();
        var format = webhook ? format(form.format()) : null;
        var urlChanged = webhook && form.url() != null && !form.url().isBlank();
        var address = webhook ? (urlChanged ? url(form.url()) : before.address()) : email(form.email());
        var after = new AlertTarget(id, name, before.kind(), address, format, form.on(), clock.instant(), who());
        if (!targets.update(after)) {
            throw new InvalidInputException("The alert target #" + id + " was deleted meanwhile. Nothing was saved.");
        }
        var changes = new ArrayList<String>();
        if (!before.name().equals(name)) {
            changes.add("name “" + before.name() + "” -> “" + name + "”");
        }
        if (urlChanged && !before.address().equals(address)) {
            changes.add("URL " + before.shownAddress() + " -> " + after.shownAddress() + " (changed)");
        }
        if (!webhook && !before.address().equals(address)) {
            changes.add("address " + before.address() + " -> " + address);
        }
        if (webhook && before.format() != format) {
            changes.add("format " + before.format() + " -> " + format);
        }
        if (before.enabled() != after.enabled()) {
            changes.add(after.enabled() ? "enabled" : "disabled");
        }
        auditLog.record(AuditAction.UPDATE_ALERT_TARGET, NO_TARGET, null, AuditOutcome.DONE, Text.cut("#" + id + " " + before.kind().words()
                + " “" + name + "”: " + (changes.isEmpty() ? "nothing changed" : String.join("; ", changes)), 300));
        return after;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.DELETE_ALERT_TARGET)
    public AlertTarget deleteTarget(long id) {
        var target = existing(id);
        targets.delete(id);
        auditLog.record(AuditAction.DELETE_ALERT_TARGET, NO_TARGET, null, AuditOutcome.DONE, Text.cut("#" + id + " " + target.described(), 300));
        return target;
    }

    /** Sends a test notice now and waits for the outcome, audited with it. */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.SEND_TEST_ALERT)
    public AlertSender.Outcome sendTest(long id) {
        var target = existing(id);
        var outcome = notifier.sendTest(target, Notice.test(clock.instant(), properties.linkBaseUrl() + "/alerts"));
        auditLog.record(AuditAction.SEND_TEST_ALERT, NO_TARGET, null, outcome.delivered() ? AuditOutcome.DONE : AuditOutcome.FAILED,
                Text.cut("#" + id + " " + target.kind().words() + " “" + target.name() + "” to " + target.shownAddress() + ": "
                        + outcome.sentence(), 300));
        return outcome;
    }

    AlertTarget existing(long id) {
        return targets.find(id).orElseThrow(() -> new InvalidInputException("There is no alert target #" + id + " (any more)."));
    }

    private static AlertTarget.Kind kind(String kind) {
        try {
            return AlertTarget.Kind.valueOf(kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("A target is an outgoing webhook or an e-mail address. Nothing was saved.");
        }
    }

    private static AlertTarget.Format format(String format) {
        try {
            return AlertTarget.Format.valueOf(format == null || format.isBlank() ? "SLACK" : format.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The format is Slack-style or JSON. Nothing was saved.");
        }
    }

    private static String name(String name) {
        var stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME || Text.hasControlCharacters(stripped)) {
            throw new InvalidInputException("Give the target a name of 1 to " + MAX_NAME + " characters (e.g. “Support channel”). "
                    + "Nothing was saved.");
        }
        return stripped;
    }

    private String url(String url) {
        try {
            return addresses.check(url == null ? null : url.strip()).toString();
        } catch (TargetAddresses.Refused e) {
            throw new InvalidInputException(e.getMessage() + " Nothing was saved.");
        }
    }

    private String email(String email) {
        if (!sender.mailConfigured()) {
            throw new InvalidInputException(AlertsController.NO_MAIL + " Nothing was saved.");
        }
        var stripped = email == null ? "" : email.strip();
        try {
            var parsed = new InternetAddress(stripped, true);
            if (parsed.getPersonal() != null || !stripped.equals(parsed.getAddress()) || !stripped.contains("@") || stripped.length() > 254) {
                throw new AddressException();
            }
        } catch (AddressException e) {
            throw new InvalidInputException("“" + Text.abbreviate(stripped, 60) + "” is not one e-mail address (name@example.com). "
                    + "Nothing was saved.");
        }
        return stripped;
    }

    private static String who() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return Text.cut(authentication == null ? AuditLog.SYSTEM : authentication.getName(), 64);
    }
}

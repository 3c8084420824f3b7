package dev.roomwarden.alerts;

import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

import dev.roomwarden.display.Flash;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.display.Times;
import dev.roomwarden.overview.AttentionRule;
import dev.roomwarden.overview.AttentionSetting;
import dev.roomwarden.overview.AttentionSettings;
import dev.roomwarden.web.Answers;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /alerts} (ADMIN): the rules that notify and their thresholds (the overview uses the same), where alerts go
 * (outgoing webhooks, e-mail) with "Send test", and the recent deliveries with their failures. A refused form comes
 * back with why, and with what was typed except a webhook's URL.
 */
@Controller
@RequestMapping(AlertsController.ALERTS)
class AlertsController {

    static final String ALERTS = "/alerts";
    static final String NO_MAIL = "E-mail alerts need a mail server: set spring.mail.host (SPRING_MAIL_HOST, with spring.mail.port, "
            + "username and password as the server needs) and roomwarden.alerts.mail-from, then restart Roomwarden.";
    private static final int SHOWN_DELIVERIES = 50;

    private final AlertActions actions;
    private final AttentionSettings settings;
    private final AlertTargets targets;
    private final Deliveries deliveries;
    private final AlertSender sender;
    private final AlertsProperties properties;
    private final Clock clock;

    AlertsController(AlertActions actions, AttentionSettings settings, AlertTargets targets, Deliveries deliveries, AlertSender sender,
            AlertsProperties properties, Clock clock) {
        this.actions = actions;
        this.settings = settings;
        this.targets = targets;
        this.deliveries = deliveries;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping
    String alerts(Model model) {
        var now = clock.instant();
        model.addAttribute("rules", settings.all().values().stream().map(setting -> new RuleRow(setting, rulePath(setting.rule()),
                setting.updatedAt() == null ? null : Times.ago(setting.updatedAt(), now))).toList());
        model.addAttribute("targets", targets.all());
        model.addAttribute("deliveries", deliveries.recent(SHOWN_DELIVERIES));
        model.addAttribute("mailConfigured", sender.mailConfigured());
        model.addAttribute("noMail", NO_MAIL);
        model.addAttribute("rateLimit", properties.rateLimit());
        model.addAttribute("rateWindowMinutes", properties.rateWindow().toMinutes());
        model.addAttribute("now", now);
        return "alerts/alerts";
    }

    /** A row of the rules table: the setting, its URL part, when it was last set in words. */
    public record RuleRow(AttentionSetting setting, String path, String updatedAgo) {
    }

    /** The rule's part of a URL: {@code long-room}. */
    static String rulePath(AttentionRule rule) {
        return rule.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static AttentionRule rule(String path) {
        return Arrays.stream(AttentionRule.values()).filter(rule -> rulePath(rule).equals(path)).findFirst()
                .orElseThrow(() -> new InvalidInputException("“" + Text.abbreviate(path, 40) + "” is not an alert rule."));
    }

    /** What a rule's row sends: unchecked boxes are absent. */
    record RuleForm(String threshold, String enabled, String notifies) {
    }

    @PreAuthorize("hasRole('ADMIN')")
    @PostMapping("/rules/{rule}")
    Object saveRule(@PathVariable String rule, RuleForm form, HtmxRequest htmx, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        var chosen = rule(rule);
        try {
            var changes = actions.saveRule(chosen, form.threshold(), form.enabled() != null, form.notifies() != null);
            return Answers.goTo(htmx, ALERTS, changes == null ? Flash.info("“" + chosen.title() + "” was already set so; nothing changed.")
                    : Flash.success("“" + chosen.title() + "” is saved: " + changes + "."), redirect);
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("flash", Flash.error(e.getMessage()));
            return alerts(model);
        }
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/targets/new")
    String newTarget(@RequestParam(required = false) String kind, Model model) {
        var chosen = "email".equalsIgnoreCase(kind) ? AlertTarget.Kind.EMAIL : AlertTarget.Kind.WEBHOOK;
        return editor(null, AlertActions.TargetForm.blank(chosen), model);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/targets/{id}/edit")
    String editTarget(@PathVariable String id, Model model) {
        var target = actions.existing(targetId(id));
        model.addAttribute("shownUrl", target.webhook() ? target.shownAddress() : null);
        return editor(target.id(), AlertActions.TargetForm.of(target), model);
    }

    private String editor(Long id, AlertActions.TargetForm form, Model model) {
        model.addAttribute("id", id);
        model.addAttribute("form", form);
        model.addAttribute("webhook", !AlertTarget.Kind.EMAIL.name().equals(form.kind()));
        model.addAttribute("formats", AlertTarget.Format.values());
        model.addAttribute("mailConfigured", sender.mailConfigured());
        model.addAttribute("noMail", NO_MAIL);
        model.addAttribute("actionPath", ALERTS + "/targets" + (id == null ? "" : "/" + id));
        return "alerts/target";
    }

    @PreAuthorize("hasRole('ADMIN')")
    @PostMapping("/targets")
    Object createTarget(AlertActions.TargetForm form, HtmxRequest htmx, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        try {
            var created = actions.createTarget(form);
            return Answers.goTo(htmx, ALERTS, Flash.success("The " + created.kind().words() + " “" + created.name()
                    + "” is added. “Send test” tries it."), redirect);
        } catch (InvalidInputException e) {
            return notSaved(null, form, e, response, model);
        }
    }

    @PreAuthorize("hasRole('ADMIN')")
    @PostMapping("/targets/{id}")
    Object updateTarget(@PathVariable String id, AlertActions.TargetForm form, HtmxRequest htmx, HttpServletResponse response,
            Model model, RedirectAttributes redirect) {
        var targetId = targetId(id);
        try {
            var saved = actions.updateTarget(targetId, form);
            return Answers.goTo(htmx, ALERTS, Flash.success("The " + saved.kind().words() + " “" + saved.name() + "” is saved."), redirect);
        } catch (InvalidInputException e) {
            var existing = targets.find(targetId);
            if (existing.isEmpty()) {
                throw e;
            }
            model.addAttribute("shownUrl", existing.get().webhook() ? existing.get().shownAddress() : null);
            return notSaved(targetId, new AlertActions.TargetForm(form.name(), existing.get().kind().name(), "", form.email(),
                    form.format(), form.enabled()), e, response, model);
        }
    }

    private String notSaved(Long id, AlertActions.TargetForm form, InvalidInputException e, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("flash", Flash.error(e.getMessage()));
        return editor(id, form.typedAgain(), model);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/targets/{id}/delete")
    String confirmDelete(@PathVariable String id, HtmxRequest htmx, Model model) {
        var target = actions.existing(targetId(id));
        model.addAttribute("target", target);
        model.addAttribute("actionPath", ALERTS + "/targets/" + target.id() + "/delete");
        // The confirmation kit's Cancel goes back to /alerts.
        model.addAttribute("roomPath", ALERTS);
        return Answers.pageOrDialog(htmx, "alerts/delete");
    }

    @PreAuthorize("hasRole('ADMIN')")
    @PostMapping("/targets/{id}/delete")
    View deleteTarget(@PathVariable String id, HtmxRequest htmx, RedirectAttributes redirect) {
        var deleted = actions.deleteTarget(targetId(id));
        return Answers.goTo(htmx, ALERTS, Flash.success("The " + deleted.kind().words() + " “" + deleted.name()
                + "” is deleted: alerts no longer go there."), redirect);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @PostMapping("/targets/{id}/test")
    View sendTest(@PathVariable String id, HtmxRequest htmx, RedirectAttributes redirect) {
        var target = actions.existing(targetId(id));
        var outcome = actions.sendTest(target.id());
        var what = "The test alert to “" + target.name() + "”: ";
        return Answers.goTo(htmx, ALERTS, outcome.delivered() ? Flash.success(what + outcome.sentence())
                : Flash.error(what + outcome.sentence()), redirect);
    }

    private static long targetId(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw new InvalidInputException("“" + Text.abbreviate(id, 40) + "” is not an alert target number.");
        }
        return Long.parseLong(id);
    }
}

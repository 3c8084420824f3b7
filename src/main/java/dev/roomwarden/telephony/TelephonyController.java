package dev.roomwarden.telephony;

import dev.roomwarden.display.Flash;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.web.Answers;
import dev.roomwarden.web.LiveKitBanner;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataAccessException;
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
 * {@code /telephony}: LiveKit's SIP inbound trunks, outbound trunks and dispatch rules, as a page and as the tables htmx
 * refreshes (there is no SIP webhook: the tables poll); creating, editing (form or JSON) and deleting one (ADMIN). The
 * editor is a page of its own, not a dialog, since the JSON of a trunk wants the room. A refusal shows the editor again
 * with what was typed, never a password.
 */
@Controller
@RequestMapping(TelephonyController.TELEPHONY)
class TelephonyController {

    static final String TELEPHONY = "/telephony";
    private static final String KIND = "/" + SipKind.PATH_PATTERN;

    private final TelephonyActions actions;

    TelephonyController(TelephonyActions actions) {
        this.actions = actions;
    }

    @GetMapping
    String list(Model model) {
        addTables(model);
        return "telephony/list";
    }

    @HxRequest
    @GetMapping
    String tables(Model model) {
        addTables(model);
        return "telephony/list :: tables";
    }

    private void addTables(Model model) {
        LiveKitBanner.fillUnlessNotAvailable(model, () -> model.addAttribute("tables", actions.tables()));
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping(KIND + "/new")
    String newForm(@PathVariable String kind, Model model) {
        var sip = SipKind.of(kind);
        return editor(sip, null, SipForm.blank(sip), model);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping(KIND + "/{id}/edit")
    String editForm(@PathVariable String kind, @PathVariable String id, Model model) {
        var sip = SipKind.of(kind);
        var trunkId = sip.requireId(id);
        model.addAttribute("id", trunkId);
        LiveKitBanner.fillUnlessNotAvailable(model, () -> actions.current(sip, trunkId).ifPresentOrElse(
                current -> model.addAttribute("form", SipForm.of(current)), () -> model.addAttribute("gone", true)));
        return editor(sip, trunkId, (SipForm) model.getAttribute("form"), model);
    }

    private String editor(SipKind kind, String id, SipForm form, Model model) {
        model.addAttribute("kind", kind);
        model.addAttribute("id", id);
        model.addAttribute("form", form);
        model.addAttribute("actionPath", TELEPHONY + "/" + kind.path() + (id == null ? "" : "/" + id));
        model.addAttribute("roomPath", TELEPHONY);
        if (kind == SipKind.RULE || id == null) {
            // The rule form offers the inbound trunks; asking first also tells a LiveKit without SIP before anything is typed.
            LiveKitBanner.fillUnlessNotAvailable(model, () -> model.addAttribute("trunks", actions.inboundTrunks()));
        }
        return "telephony/edit";
    }

    @PostMapping(KIND)
    Object create(@PathVariable String kind, SipForm form, HtmxRequest htmx, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        var sip = SipKind.of(kind);
        try {
            var saved = sip == SipKind.RULE ? actions.createRule(form) : actions.createTrunk(kind, form);
            return Answers.goTo(htmx, TELEPHONY, Flash.success("The " + sip.words() + " " + saved.id() + named(saved.name())
                    + " is created."), redirect);
        } catch (InvalidInputException | LiveKitException | DataAccessException e) {
            return notSaved(sip, null, form, e, response, model);
        }
    }

    @PostMapping(KIND + "/{id}")
    Object replace(@PathVariable String kind, @PathVariable String id, SipForm form, HtmxRequest htmx,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        var sip = SipKind.of(kind);
        try {
            var saved = sip == SipKind.RULE ? actions.replaceRule(id, form) : actions.replaceTrunk(kind, id, form);
            return Answers.goTo(htmx, TELEPHONY, Flash.success("The " + sip.words() + " " + saved.id() + named(saved.name())
                    + " is saved."), redirect);
        } catch (InvalidInputException | LiveKitException | DataAccessException e) {
            return notSaved(sip, sip.requireId(id), form, e, response, model);
        }
    }

    /** The editor again, with what was typed (never a password) and why nothing was saved. */
    private String notSaved(SipKind kind, String id, SipForm form, RuntimeException e, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        var why = e instanceof InvalidInputException ? e.getMessage()
                : Flash.notDone("The " + kind.words() + " was not saved", e);
        model.addAttribute("flash", Flash.error(why));
        return editor(kind, id, form.typedAgain(), model);
    }

    private static String named(String name) {
        return name == null || name.isEmpty() ? "" : " “" + name + "”";
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping(KIND + "/{id}/delete")
    String confirmDelete(@PathVariable String kind, @PathVariable String id, HtmxRequest htmx, Model model) {
        var sip = SipKind.of(kind);
        var sipId = sip.requireId(id);
        model.addAttribute("kind", sip);
        model.addAttribute("id", sipId);
        model.addAttribute("actionPath", TELEPHONY + "/" + sip.path() + "/" + sipId + "/delete");
        model.addAttribute("roomPath", TELEPHONY);
        LiveKitBanner.fill(model, () -> actions.current(sip, sipId)
                .ifPresent(current -> model.addAttribute("described", TelephonyActions.describe(current))));
        return Answers.pageOrDialog(htmx, "telephony/delete");
    }

    @PostMapping(KIND + "/{id}/delete")
    View delete(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String reason,
            HtmxRequest htmx, RedirectAttributes redirect) {
        var sip = SipKind.of(kind);
        var why = LiveKitNames.reason(reason);
        var what = "The " + sip.words() + " " + id;
        var flash = Flash.after(() -> sip == SipKind.RULE ? actions.deleteRule(id, why) : actions.deleteTrunk(kind, id, why),
                what + " is deleted" + (sip.trunk() ? ": calls no longer go through it." : ": calls no longer follow it."),
                what + " was already gone.", what + " was not deleted");
        return Answers.goTo(htmx, TELEPHONY, flash, redirect);
    }
}

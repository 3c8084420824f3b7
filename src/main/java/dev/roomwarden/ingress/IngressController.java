package dev.roomwarden.ingress;

import java.util.Optional;

import dev.roomwarden.display.Flash;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.web.Answers;
import dev.roomwarden.web.LiveFragments;
import dev.roomwarden.web.LiveKitBanner;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxReswap;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /ingress}: LiveKit's ingresses, as a page, as the table htmx refreshes and as the stream that pushes it on
 * ingress webhooks; creating one, showing its stream key again, deleting one (ADMIN). A stream key is only ever in
 * the answer to the create or the reveal, which no cache keeps.
 */
@Controller
@RequestMapping(IngressController.INGRESS)
class IngressController {

    static final String INGRESS = "/ingress";

    private final IngressActions actions;
    private final LiveUpdates live;
    private final LiveFragments fragments;

    IngressController(IngressActions actions, LiveUpdates live, LiveFragments fragments) {
        this.actions = actions;
        this.live = live;
        this.fragments = fragments;
    }

    @GetMapping
    String list(Model model) {
        addIngresses(model);
        return "ingress/list";
    }

    @HxRequest
    @GetMapping
    String table(Model model) {
        addIngresses(model);
        return "ingress/list :: table";
    }

    /** The table's Server-Sent Events: pushed after every webhook, ingress_started and ingress_ended among them. */
    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Authentication viewer, HttpSession session,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEvent) {
        var can = fragments.permissions(viewer);
        return live.subscribe(new LiveUpdates.View("ingress-table", null, "ingress " + can,
                () -> fragments.render("ingress/list", "table", viewer, this::addIngresses)), session.getId(), lastEvent != null);
    }

    private void addIngresses(Model model) {
        LiveKitBanner.fillUnlessNotAvailable(model, () -> model.addAttribute("ingresses", actions.ingresses()));
    }

    /** A LiveKit without the Ingress service: its sentence, not an error banner. */
    private static boolean notAvailable(LiveKitException e, Model model) {
        if (e.explanation() == null) {
            return false;
        }
        model.addAttribute("notAvailable", e.explanation());
        return true;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/new")
    String form(HtmxRequest htmx, Model model) {
        model.addAttribute("roomPath", INGRESS);
        // Ask first, so that a LiveKit without the service says so before anything is typed.
        try {
            actions.ingresses();
        } catch (LiveKitException e) {
            notAvailable(e, model);
        }
        return Answers.pageOrDialog(htmx, "ingress/new");
    }

    /** The new-ingress form as typed; {@link IngressActions#create} checks it after the role. */
    record NewIngressForm(String inputType, String name, String room, String identity, String participantName,
            String transcoding, String url) {
    }

    /**
     * Creates the ingress and answers its URL and stream key, once: a page (not a redirect, which would keep the key
     * in the session for the next page), or for htmx the dialog in place of the form. When LiveKit refuses, back to
     * the list with why.
     */
    @PostMapping
    Object create(NewIngressForm form, HtmxRequest htmx, HtmxResponse answer, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        IngressKey created;
        try {
            created = actions.create(form.inputType(), form.name(), form.room(), form.identity(), form.participantName(),
                    form.transcoding(), form.url());
        } catch (LiveKitException | DataAccessException e) {
            return Answers.goTo(htmx, INGRESS, Flash.error(Flash.notDone("The ingress was not created", e)), redirect);
        }
        return showKey(created, true, htmx, answer, response, model);
    }

    /** Shows the stream key again, in a dialog over the list (or as a page without htmx); recorded in the audit log. */
    @PostMapping("/{id}/reveal")
    Object reveal(@PathVariable String id, HtmxRequest htmx, HtmxResponse answer, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        Optional<IngressKey> key;
        try {
            key = actions.revealStreamKey(id);
        } catch (LiveKitException | DataAccessException e) {
            return Answers.goTo(htmx, INGRESS, Flash.error(Flash.notDone("The stream key was not shown", e)), redirect);
        }
        if (key.isEmpty()) {
            return Answers.goTo(htmx, INGRESS, Flash.info("LiveKit has no ingress " + IngressActions.requireIngressId(id)
                    + " with a stream key (any more)."), redirect);
        }
        return showKey(key.get(), false, htmx, answer, response, model);
    }

    private static String showKey(IngressKey key, boolean created, HtmxRequest htmx, HtmxResponse answer,
            HttpServletResponse response, Model model) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute("key", key);
        model.addAttribute("created", created);
        model.addAttribute("roomPath", INGRESS);
        model.addAttribute("dismissLabel", "Done");
        if (!htmx.isHtmxRequest()) {
            return "ingress/key";
        }
        // The form's dialog (or the list's row) is replaced by the answer's dialog; the list refreshes behind it.
        answer.setRetarget("#dialog");
        answer.setReswap(HtmxReswap.innerHtml());
        answer.addTrigger("rw:ingress-changed");
        return "ingress/key :: dialog";
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/{id}/delete")
    String confirmDelete(@PathVariable String id, HtmxRequest htmx, Model model) {
        var ingressId = IngressActions.requireIngressId(id);
        model.addAttribute("ingressId", ingressId);
        model.addAttribute("actionPath", INGRESS + "/" + ingressId + "/delete");
        model.addAttribute("roomPath", INGRESS);
        LiveKitBanner.fill(model, () -> model.addAttribute("ingress", actions.ingress(ingressId)));
        return Answers.pageOrDialog(htmx, "ingress/delete");
    }

    @PostMapping("/{id}/delete")
    View delete(@PathVariable String id, @RequestParam(required = false) String reason, HtmxRequest htmx,
            RedirectAttributes redirect) {
        var why = LiveKitNames.reason(reason);
        var flash = Flash.after(() -> actions.delete(id, why), "The ingress " + id + " is deleted: its stream key no longer works.",
                "The ingress " + id + " was already gone.", "The ingress " + id + " was not deleted");
        return Answers.goTo(htmx, INGRESS, flash, redirect);
    }
}

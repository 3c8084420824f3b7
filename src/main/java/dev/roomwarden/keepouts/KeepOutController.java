package dev.roomwarden.keepouts;

import dev.roomwarden.display.Flash;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Text;
import dev.roomwarden.web.Answers;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /keep-outs}: the identities Roomwarden keeps out now, and lifting one (MODERATOR). */
@Controller
@RequestMapping(KeepOutController.KEEP_OUTS)
class KeepOutController {

    static final String KEEP_OUTS = "/keep-outs";

    private final KeepOuts keepOuts;

    KeepOutController(KeepOuts keepOuts) {
        this.keepOuts = keepOuts;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping
    String list(Model model) {
        model.addAttribute("keepOuts", keepOuts.active());
        return "keepouts/list";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/{id}/lift")
    String confirmLift(@PathVariable String id, HtmxRequest htmx, Model model) {
        model.addAttribute("keepOut", keepOuts.activeOrRefused(keepOutId(id)));
        model.addAttribute("actionPath", KEEP_OUTS + "/" + keepOutId(id) + "/lift");
        // The confirmation kit's Cancel goes back to the list.
        model.addAttribute("roomPath", KEEP_OUTS);
        return Answers.pageOrDialog(htmx, "keepouts/lift");
    }

    /** What the lift form sends: the reason. */
    record LiftForm(String reason) {
    }

    @PostMapping("/{id}/lift")
    View lift(@PathVariable String id, LiftForm form, HtmxRequest htmx, RedirectAttributes redirect) {
        var lifted = keepOuts.lift(keepOutId(id), LiveKitNames.reason(form.reason()));
        return Answers.goTo(htmx, KEEP_OUTS, Flash.success("“" + lifted.identity() + "” may join " + lifted.scope()
                + " again; Roomwarden no longer removes them."), redirect);
    }

    private static long keepOutId(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw new InvalidInputException("'" + Text.abbreviate(id, 40) + "' is not a keep-out number.");
        }
        return Long.parseLong(id);
    }
}

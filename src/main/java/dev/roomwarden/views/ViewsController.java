package dev.roomwarden.views;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.roomwarden.display.Flash;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.security.Permissions;
import dev.roomwarden.web.Answers;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Saved views: "Save view" on /rooms, /history and /audit names the filter shown; /views lists one's own and the
 * shared ones, deletes, and (ADMIN) publishes and unpublishes.
 */
@Controller
@RequestMapping(ViewsController.VIEWS)
@PreAuthorize("hasRole('VIEWER')")
class ViewsController {

    static final String VIEWS = "/views";

    private final SavedViews views;
    private final RoleHierarchy roles;

    ViewsController(SavedViews views, RoleHierarchy roles) {
        this.views = views;
        this.roles = roles;
    }

    @GetMapping
    String list(Authentication viewer, Model model) {
        var can = Permissions.of(viewer, roles);
        model.addAttribute("mine", views.menuFor(viewer.getName(), can).own());
        model.addAttribute("sharedViews", views.shared(can));
        model.addAttribute("me", viewer.getName());
        return "views/list";
    }

    /**
     * Saves the filter the page shows. With htmx the form sends the page's filter fields as they are now (the filter may
     * have changed without a page load); without, {@code query}, the filter the page was loaded with.
     */
    @PostMapping
    View save(@RequestParam Map<String, String> form, Authentication viewer, HtmxRequest htmx, RedirectAttributes redirect) {
        var page = ViewPage.parse(form.get("page"));
        var filter = page.parameters().stream().anyMatch(form::containsKey) ? form : parameters(form.get("query"));
        var can = Permissions.of(viewer, roles);
        var saved = views.save(viewer.getName(), can, form.get("name"), page, filter);
        return Answers.goTo(htmx, saved.path(), Flash.success("Saved the view “" + saved.name()
                + "”. It is under Views in the menu, for you only" + (can.deleteRooms() ? "; share it with everyone at Views." : ".")),
                redirect);
    }

    @GetMapping("/{id}/delete")
    String confirmDelete(@PathVariable String id, HtmxRequest htmx, Model model) {
        var view = views.find(viewId(id)).orElseThrow(() -> new InvalidInputException("This view no longer exists."));
        model.addAttribute("view", view);
        model.addAttribute("actionPath", VIEWS + "/" + view.id() + "/delete");
        // The confirmation kit's Cancel goes back to the list.
        model.addAttribute("roomPath", VIEWS);
        return Answers.pageOrDialog(htmx, "views/delete");
    }

    @PostMapping("/{id}/delete")
    View delete(@PathVariable String id, Authentication viewer, HtmxRequest htmx, RedirectAttributes redirect) {
        var deleted = views.delete(viewer.getName(), Permissions.of(viewer, roles), viewId(id));
        return Answers.goTo(htmx, VIEWS, Flash.success("Deleted the view “" + deleted.name() + "”"
                + (deleted.shared() ? ": it is gone from everyone's menu." : ".")), redirect);
    }

    @PostMapping("/{id}/publish")
    View publish(@PathVariable String id, Authentication viewer, HtmxRequest htmx, RedirectAttributes redirect) {
        var shared = views.publish(viewer.getName(), viewId(id));
        return Answers.goTo(htmx, VIEWS, Flash.success("“" + shared.name() + "” is shared: everyone who may read "
                + shared.page().title().toLowerCase(Locale.ROOT) + " finds it under Views."), redirect);
    }

    @PostMapping("/{id}/unpublish")
    View unpublish(@PathVariable String id, HtmxRequest htmx, RedirectAttributes redirect) {
        var view = views.unpublish(viewId(id));
        return Answers.goTo(htmx, VIEWS, Flash.success("“" + view.name() + "” is no longer shared: only "
                + view.owner() + " has it now."), redirect);
    }

    private static long viewId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("There is no view '" + Text.abbreviate(id, 20) + "'.");
        }
    }

    /** A query string ("?q=x&sort=name" or "q=x") as names and decoded values (the first of each); unknown names are left out later. */
    static Map<String, String> parameters(String query) {
        var parameters = new HashMap<String, String>();
        if (query == null || query.isBlank()) {
            return parameters;
        }
        try {
            UriComponentsBuilder.newInstance().query(query.startsWith("?") ? query.substring(1) : query).build().getQueryParams()
                    .forEach((name, values) -> parameters.put(UriUtils.decode(name, StandardCharsets.UTF_8),
                            values.get(0) == null ? "" : UriUtils.decode(values.get(0), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("This filter cannot be read. Nothing was saved.");
        }
        return parameters;
    }
}

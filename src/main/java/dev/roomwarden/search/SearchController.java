package dev.roomwarden.search;

import dev.roomwarden.security.Permissions;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The search page (/search?q=..., bookmarkable, without JavaScript) and the navigation bar's suggestions as staff type
 * (/search/suggest, the same search with fewer results per group). A query over 100 characters is refused (400).
 */
@Controller
@PreAuthorize("hasRole('VIEWER')")
class SearchController {

    static final String TOO_SHORT = "Type at least " + Query.MIN_LENGTH + " letters or digits to search.";

    private final Search search;
    private final RoleHierarchy roles;

    SearchController(Search search, RoleHierarchy roles) {
        this.search = search;
        this.roles = roles;
    }

    @GetMapping("/search")
    String page(@RequestParam(required = false) String q, Authentication viewer, Model model) {
        answer(q, viewer, Search.PAGE_CAP, model);
        return "search/page";
    }

    @GetMapping("/search/suggest")
    String suggest(@RequestParam(required = false) String q, Authentication viewer, Model model) {
        answer(q, viewer, Search.SUGGEST_CAP, model);
        return "search/results :: suggestions";
    }

    private void answer(String q, Authentication viewer, int cap, Model model) {
        var query = Query.parse(q);
        model.addAttribute("searchQuery", q == null ? "" : q.strip());
        if (query != null) {
            model.addAttribute("answer", search.search(query, Permissions.of(viewer, roles), cap));
        } else if (q != null && !q.isBlank()) {
            model.addAttribute("tooShort", TOO_SHORT);
        }
    }
}

package dev.roomwarden.views;

import dev.roomwarden.security.Permissions;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The navigation's Views menu on every page; an htmx request (a refresh, a dialog) draws no navigation, so it is not read. */
@ControllerAdvice
class ViewsMenu {

    private final SavedViews views;
    private final RoleHierarchy roles;

    ViewsMenu(SavedViews views, RoleHierarchy roles) {
        this.views = views;
        this.roles = roles;
    }

    @ModelAttribute
    void addTo(Model model, Authentication viewer, HttpServletRequest request) {
        if (viewer == null || viewer instanceof AnonymousAuthenticationToken || request.getHeader("HX-Request") != null) {
            return;
        }
        model.addAttribute("viewsMenu", views.menuFor(viewer.getName(), Permissions.of(viewer, roles)));
    }
}

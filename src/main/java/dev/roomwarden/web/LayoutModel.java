package dev.roomwarden.web;

import java.time.Clock;

import dev.roomwarden.live.WebhookActivity;
import dev.roomwarden.livekit.LiveKitConnection;
import dev.roomwarden.security.Permissions;
import dev.roomwarden.phonenumbers.TelephonyProperties;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the layout and the live fragments show on every page: which LiveKit, whether it is the demo,
 * whether LiveKit's webhooks arrive (live) or pages poll, how often to refresh, what the viewer may do, which
 * phone numbers they see in full, the moment the page's relative times count from, and when the render began.
 */
@ControllerAdvice
class LayoutModel {

    private final LiveKitConnection connection;
    private final DashboardProperties properties;
    private final WebhookActivity webhooks;
    private final RoleHierarchy roles;
    private final TelephonyProperties telephony;
    private final Clock clock;

    LayoutModel(LiveKitConnection connection, DashboardProperties properties, WebhookActivity webhooks, RoleHierarchy roles,
            TelephonyProperties telephony, Clock clock) {
        this.connection = connection;
        this.properties = properties;
        this.webhooks = webhooks;
        this.roles = roles;
        this.telephony = telephony;
        this.clock = clock;
    }

    @ModelAttribute
    void addTo(Model model, Authentication authentication) {
        var live = webhooks.arriving();
        // While webhooks arrive, pages change at once over Server-Sent Events and poll only to reconcile.
        var interval = live ? properties.reconcileInterval() : properties.refreshInterval();
        model.addAttribute("demoMode", connection.demo());
        model.addAttribute("livekitHost", connection.displayHost());
        model.addAttribute("liveMode", live);
        model.addAttribute("refreshEvery", Math.max(1, interval.toSeconds()) + " s");
        // The htmx trigger of self-refreshing tables; roomwarden.js skips it while the tab is hidden.
        model.addAttribute("refreshTrigger", "every " + Math.max(1, interval.toSeconds()) + "s");
        var can = permissions(authentication);
        model.addAttribute("can", can);
        // Phone numbers as this viewer may see them; a live fragment's key has the viewer's permissions, so it too.
        model.addAttribute("numbers", telephony.numbersFor(can));
        // One moment from the shared clock for the whole page: every "3 min ago" on it counts from the same instant.
        model.addAttribute("now", clock.instant());
        // When this render began, before LiveKit is asked: the browser keeps a live part rather than swap in an older
        // render of it (a push rendered while a fresher answer was on its way). Wall-clock time, not the shared Clock,
        // because it orders renders of several instances and tests move the shared Clock.
        model.addAttribute("renderedAt", System.currentTimeMillis());
    }

    Permissions permissions(Authentication authentication) {
        return Permissions.of(authentication, roles);
    }
}

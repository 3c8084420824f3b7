package dev.roomwarden.web;

import dev.roomwarden.livekit.LiveKitConnection;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the layout shows on every page: which LiveKit, whether it is the demo, how often to refresh. */
@ControllerAdvice
class LayoutModel {

    private final LiveKitConnection connection;
    private final String refreshTrigger;

    LayoutModel(LiveKitConnection connection, DashboardProperties properties) {
        this.connection = connection;
        this.refreshTrigger = "every " + Math.max(1, properties.refreshInterval().toSeconds()) + "s";
    }

    @ModelAttribute("demoMode")
    boolean demoMode() {
        return connection.demo();
    }

    @ModelAttribute("livekitHost")
    String livekitHost() {
        return connection.displayHost();
    }

    /** The htmx trigger of self-refreshing tables; app.js skips it while the tab is hidden. */
    @ModelAttribute("refreshTrigger")
    String refreshTrigger() {
        return refreshTrigger;
    }
}

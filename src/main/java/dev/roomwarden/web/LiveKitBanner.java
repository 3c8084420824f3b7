package dev.roomwarden.web;

import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.StaleAnswers;
import org.springframework.ui.Model;

/**
 * A page that cannot reach LiveKit still renders, with the layout's banner saying why; while LiveKit is not
 * answering, with the last state Roomwarden saw and, in the banner, how old it is.
 */
public final class LiveKitBanner {

    private LiveKitBanner() {
    }

    /**
     * Runs {@code fill}, which adds what LiveKit answered; when LiveKit fails, adds the banner. Returns whether it
     * answered (a last-seen answer counts: the page shows it, under the banner).
     */
    public static boolean fill(Model model, Runnable fill) {
        try {
            StaleAnswers.during(fill).ifPresent(stale -> model.addAttribute("livekitError", stale.userMessage()));
            return true;
        } catch (LiveKitException e) {
            // A failure the gateway explains (a service this LiveKit does not have) is told in its own sentence.
            model.addAttribute("livekitError", e.explanation() != null ? e.explanation() : e.userMessage());
            return false;
        }
    }

    /**
     * The same for a page of a LiveKit service a server may lack (Ingress, SIP): when the gateway explains that it is
     * not there, its sentence goes into {@code notAvailable}, which the page shows instead of its tables, not the banner.
     */
    public static boolean fillUnlessNotAvailable(Model model, Runnable fill) {
        return fill(model, () -> {
            try {
                fill.run();
            } catch (LiveKitException e) {
                if (e.explanation() == null) {
                    throw e;
                }
                model.addAttribute("notAvailable", e.explanation());
            }
        });
    }
}

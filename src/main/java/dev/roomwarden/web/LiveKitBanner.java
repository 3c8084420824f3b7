package dev.roomwarden.web;

import dev.roomwarden.livekit.LiveKitException;
import org.springframework.ui.Model;

/** A page that cannot reach LiveKit still renders, with the layout's banner saying why. */
public final class LiveKitBanner {

    private LiveKitBanner() {
    }

    /** Runs {@code fill}, which adds what LiveKit answered; when LiveKit fails, adds the banner. Returns whether it answered. */
    public static boolean fill(Model model, Runnable fill) {
        try {
            fill.run();
            return true;
        } catch (LiveKitException e) {
            model.addAttribute("livekitError", e.userMessage());
            return false;
        }
    }
}

package dev.roomwarden;

import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What htmx sends with a request, and what a browser or htmx sees of the answers every slice checks. */
public final class Htmx {

    /** The layout's message for an htmx request the role may not make. */
    public static final String ROLE_REFUSED = "Your role does not allow this action, or the page was open too long: reload and try again.";

    private Htmx() {
    }

    private static ResultMatcher all(ResultMatcher... matchers) {
        return result -> {
            for (var matcher : matchers) {
                matcher.match(result);
            }
        };
    }

    /** A request made by htmx. */
    public static RequestPostProcessor htmx() {
        return request -> {
            request.addHeader("HX-Request", "true");
            return request;
        };
    }

    /** A request made by htmx from inside a confirmation: confirm.html's wrappers add RW-Confirmation. */
    public static RequestPostProcessor fromConfirmation() {
        return request -> {
            request.addHeader("HX-Request", "true");
            request.addHeader("RW-Confirmation", "true");
            return request;
        };
    }

    /** A whole page in the layout containing {@code text}. */
    public static ResultMatcher page(String text) {
        return all(status().isOk(), content().string(allOf(containsString("<html"), containsString(text))));
    }

    /** A confirmation's dialog, without the layout, containing {@code text}. */
    public static ResultMatcher dialog(String text) {
        return all(status().isOk(), content().string(allOf(containsString("<dialog"),
                containsString("id=\"confirm-message\""), containsString(text), not(containsString("<html")))));
    }

    /** The answer to an action from the room page: the room's live part, the message and the dialog closed. */
    public static ResultMatcher roomPart(String message) {
        return all(status().isOk(), content().string(allOf(containsString("id=\"room-live\""),
                containsString("id=\"flash\" aria-live=\"polite\" hx-swap-oob=\"true\""), containsString(message),
                containsString("<div id=\"dialog\" hx-swap-oob=\"true\"></div>"), not(containsString("<html")))));
    }

    /** The answer to an htmx action that leaves the page: the whole browser goes to {@code path}. */
    public static ResultMatcher redirectsBrowserTo(String path) {
        return all(header().string("HX-Redirect", path), redirectedUrl(null));
    }

    /** An htmx request the role may not make: 403 with the layout's message in the message area. */
    public static ResultMatcher refusedRole() {
        return all(status().isForbidden(), header().string("HX-Retarget", "#flash"),
                header().string("HX-Reswap", "innerHTML"),
                content().string(allOf(containsString("alert-danger"), containsString(ROLE_REFUSED), not(containsString("<html")))));
    }

    /** An htmx request from inside a confirmation the role may not make: 403 with the message in the confirmation, and in the message area out of band. */
    public static ResultMatcher refusedRoleInConfirmation() {
        return all(status().isForbidden(), header().string("HX-Retarget", "#confirm-message"),
                header().string("HX-Reswap", "innerHTML"),
                content().string(allOf(containsString(ROLE_REFUSED), containsString("<div id=\"flash\" aria-live=\"polite\" hx-swap-oob=\"innerHTML\">"),
                        not(containsString("<html")))));
    }

    /** Bad input without htmx: 400 on the error page, saying why. */
    public static ResultMatcher errorPage(String problem) {
        return all(status().isBadRequest(), content().string(allOf(containsString("<html"),
                containsString("The request was not valid"), containsString(problem))));
    }

    /** Bad input from htmx outside a confirmation: 400 with the reason in the message area. */
    public static ResultMatcher refusedInMessageArea(String problem) {
        return all(status().isBadRequest(), header().string("HX-Retarget", "#flash"),
                header().string("HX-Reswap", "innerHTML"),
                content().string(allOf(containsString("alert-danger"), containsString(problem), not(containsString("hx-swap-oob")),
                        not(containsString("<html")))));
    }

    /** Bad input from inside a confirmation: 400 with the reason in the confirmation, and in the message area out of band. */
    public static ResultMatcher refusedInConfirmation(String problem) {
        return all(status().isBadRequest(), header().string("HX-Retarget", "#confirm-message"),
                header().string("HX-Reswap", "innerHTML"),
                content().string(allOf(containsString(problem), containsString("<div id=\"flash\" aria-live=\"polite\" hx-swap-oob=\"innerHTML\">"),
                        not(containsString("<html")))));
    }
}

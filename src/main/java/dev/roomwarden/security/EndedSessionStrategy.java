package dev.roomwarden.security;

import java.io.IOException;

import org.springframework.security.web.session.SessionInformationExpiredEvent;
import org.springframework.security.web.session.SessionInformationExpiredStrategy;

/**
 * A session an ADMIN ended (account disabled or demoted): the browser goes to the login page, and for
 * an htmx refresh the whole page goes there, not a fragment of it. An event stream gets a 401 (an
 * EventSource cannot show a login page), and one that is already streaming has been ended already.
 */
class EndedSessionStrategy implements SessionInformationExpiredStrategy {

    @Override
    public void onExpiredSessionDetected(SessionInformationExpiredEvent event) throws IOException {
        var request = event.getRequest();
        var response = event.getResponse();
        var login = request.getContextPath() + "/login?ended";
        if (response.isCommitted()) {
            return;
        }
        if (String.valueOf(request.getHeader("Accept")).contains("text/event-stream")) {
            response.setStatus(401);
        } else if (request.getHeader("HX-Request") != null) {
            response.setStatus(401);
            response.setHeader("HX-Redirect", login);
        } else {
            response.sendRedirect(login);
        }
    }
}

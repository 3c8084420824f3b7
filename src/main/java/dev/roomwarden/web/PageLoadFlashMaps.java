package dev.roomwarden.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * The message after an action that leaves the page ({@link Answers#goTo}) is for the page the browser loads next. The
 * page it leaves keeps polling the same path until it is gone (the rooms list, /ingress), and Spring hands a flash
 * map to the first request for its path: such a refresh took the message, and the page loaded after it showed none.
 * htmx requests (which never show a flash taken this way) leave flash maps to the next page load.
 */
@Configuration(proxyBeanMethods = false)
class PageLoadFlashMaps {

    @Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
    FlashMapManager flashMapManager() {
        var session = new SessionFlashMapManager();
        return new FlashMapManager() {
            @Override
            public FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
                return "true".equals(request.getHeader("HX-Request")) ? null : session.retrieveAndUpdate(request, response);
            }

            @Override
            public void saveOutputFlashMap(FlashMap flashMap, HttpServletRequest request, HttpServletResponse response) {
                session.saveOutputFlashMap(flashMap, request, response);
            }
        };
    }
}

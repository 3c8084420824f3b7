package dev.roomwarden.web;

import dev.roomwarden.display.Flash;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.live.LiveUpdates;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxReswap;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Bad input answers 400 with a message: on the error page; for htmx in the page's message area, and when
 * it came from a confirmation (which covers the message area) inside the confirmation too.
 */
@ControllerAdvice
class ErrorAdvice {

    @ExceptionHandler(InvalidInputException.class)
    String invalidInput(InvalidInputException e, HtmxRequest htmx, HtmxResponse answer, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return badRequest(e.getMessage(), htmx, answer, request, response, model);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String invalidParameter(MethodArgumentTypeMismatchException e, HtmxRequest htmx, HtmxResponse answer,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        return badRequest("The value of '" + e.getName() + "' is not valid.", htmx, answer, request, response, model);
    }

    /** Plain text: the htmx SSE extension cannot show it, but whoever opens the stream by hand can read it. */
    @ExceptionHandler(LiveUpdates.TooManyStreams.class)
    ResponseEntity<String> tooManyStreams(LiveUpdates.TooManyStreams e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.TEXT_PLAIN)
                .header(HttpHeaders.RETRY_AFTER, "5").body(e.getMessage() + "\n");
    }

    private static String badRequest(String message, HtmxRequest htmx, HtmxResponse answer, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        if (!htmx.isHtmxRequest()) {
            model.addAttribute("status", HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", message);
            return "error";
        }
        model.addAttribute("flash", Flash.error(message));
        answer.setReswap(HtmxReswap.innerHtml());
        if (request.getHeader(Flash.FROM_CONFIRMATION) != null) {
            answer.setRetarget("#confirm-message");
            return "layout :: refusal";
        }
        answer.setRetarget("#flash");
        return "layout :: flash";
    }
}

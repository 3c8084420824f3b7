package dev.roomwarden.web;

import dev.roomwarden.input.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Bad input answers 400 with a message: on the error page, or in the message area for htmx. */
@ControllerAdvice
class ErrorAdvice {

    @ExceptionHandler(InvalidInputException.class)
    String invalidInput(InvalidInputException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return badRequest(e.getMessage(), request, response, model);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String invalidParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return badRequest("The value of '" + e.getName() + "' is not valid.", request, response, model);
    }

    private static String badRequest(String message, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Retarget", "#flash");
            response.setHeader("HX-Reswap", "innerHTML");
            model.addAttribute("flash", Flash.error(message));
            return "layout :: flash";
        }
        model.addAttribute("status", HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("problem", message);
        return "error";
    }
}

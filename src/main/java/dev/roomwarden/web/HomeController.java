package dev.roomwarden.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page is the overview. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "redirect:/overview";
    }
}

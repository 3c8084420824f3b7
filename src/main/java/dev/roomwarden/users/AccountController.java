package dev.roomwarden.users;

import dev.roomwarden.web.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Everyone's own account: change the password. */
@Controller
class AccountController {

    private final StaffService staff;

    AccountController(StaffService staff) {
        this.staff = staff;
    }

    @GetMapping("/account")
    String account() {
        return "users/account";
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam(required = false) String current, @RequestParam(required = false) String password,
            @RequestParam(required = false) String confirm, RedirectAttributes redirect) {
        if (password == null || !password.equals(confirm)) {
            redirect.addFlashAttribute("flash", Flash.error("The new password and its confirmation differ."));
            return "redirect:/account";
        }
        try {
            staff.changeOwnPassword(current, password);
            redirect.addFlashAttribute("flash", Flash.success("Your password has been changed."));
        } catch (StaffService.Refused e) {
            redirect.addFlashAttribute("flash", Flash.error(e.getMessage()));
        }
        return "redirect:/account";
    }
}

package dev.roomwarden.users;

import dev.roomwarden.security.OidcProperties;
import dev.roomwarden.display.Flash;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Everyone's own account: change the password (of a password login). */
@Controller
class AccountController {

    private final StaffService staff;
    private final OidcProperties oidc;

    AccountController(StaffService staff, OidcProperties oidc) {
        this.staff = staff;
        this.oidc = oidc;
    }

    @GetMapping("/account")
    String account(Authentication authentication, Model model) {
        // Someone signed in with the provider has no Roomwarden password to change.
        model.addAttribute("sso", authentication instanceof OAuth2AuthenticationToken ? oidc.providerName() : null);
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
            redirect.addFlashAttribute("flash", Flash.success("Your password has been changed. Your other sessions were logged out."));
        } catch (StaffService.Refused e) {
            redirect.addFlashAttribute("flash", Flash.error(e.getMessage()));
        }
        return "redirect:/account";
    }
}

package dev.roomwarden.users;

import dev.roomwarden.security.Role;
import dev.roomwarden.security.OidcProperties;
import dev.roomwarden.web.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Staff accounts, for ADMINs: list, create, change role, disable and enable, reset password. The role
 * is checked (and a refusal audited) by {@link StaffService}.
 */
@Controller
class UserController {

    private final StaffService staff;
    private final OidcProperties oidc;

    UserController(StaffService staff, OidcProperties oidc) {
        this.staff = staff;
        this.oidc = oidc;
    }

    @GetMapping("/users")
    public String users(Model model) {
        model.addAttribute("accounts", staff.all());
        model.addAttribute("roles", Role.values());
        model.addAttribute("sso", oidc.providerName());
        model.addAttribute("rolesClaim", oidc.rolesClaim());
        model.addAttribute("localLogin", oidc.localLogin());
        return "users/list";
    }

    @PostMapping("/users")
    public String create(@RequestParam(required = false) String username, @RequestParam(required = false) String displayName,
            @RequestParam(required = false) String role, @RequestParam(required = false) String password,
            RedirectAttributes redirect) {
        var name = username == null ? "" : username.strip();
        return act(redirect, () -> {
            var generated = staff.create(name, displayName, role, password);
            return generated == null
                    ? Flash.success("Account “" + name + "” created with the password you gave.")
                    : Flash.success("Account “" + name + "” created. Its password, shown only this once: " + generated);
        });
    }

    @PostMapping("/users/{username}/role")
    public String changeRole(@PathVariable String username, @RequestParam(required = false) String role,
            RedirectAttributes redirect) {
        return act(redirect, () -> {
            staff.changeRole(username, role);
            return Flash.success("“" + username + "” is now " + accountsRole(username) + ". A lower role ends their open sessions.");
        });
    }

    @PostMapping("/users/{username}/disable")
    public String disable(@PathVariable String username, RedirectAttributes redirect) {
        return act(redirect, () -> {
            staff.disable(username);
            return Flash.success("“" + username + "” is disabled and was logged out everywhere.");
        });
    }

    @PostMapping("/users/{username}/enable")
    public String enable(@PathVariable String username, RedirectAttributes redirect) {
        return act(redirect, () -> {
            staff.enable(username);
            return Flash.success("“" + username + "” can log in again.");
        });
    }

    @PostMapping("/users/{username}/password")
    public String resetPassword(@PathVariable String username, RedirectAttributes redirect) {
        return act(redirect, () -> Flash.success("New password for “" + username + "”, shown only this once: "
                + staff.resetPassword(username)));
    }

    private static String act(RedirectAttributes redirect, java.util.function.Supplier<Flash> action) {
        try {
            redirect.addFlashAttribute("flash", action.get());
        } catch (StaffService.Refused e) {
            redirect.addFlashAttribute("flash", Flash.error(e.getMessage()));
        }
        return "redirect:/users";
    }

    private String accountsRole(String username) {
        return staff.all().stream().filter(a -> a.username().equals(username)).map(a -> a.role().name()).findFirst().orElse("?");
    }
}

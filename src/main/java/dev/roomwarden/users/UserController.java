package dev.roomwarden.users;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.security.OidcProperties;
import dev.roomwarden.security.Role;
import dev.roomwarden.web.Answers;
import dev.roomwarden.display.Flash;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Staff accounts, for ADMINs: list, create, change role, disable and enable, reset password. Changes
 * that log someone out or end their password ask first, in the same confirmation as every other action.
 * The role is checked (and a refusal audited) by {@link StaffService}.
 */
@Controller
@RequestMapping("/users")
class UserController {

    private static final String USERS = "/users";

    private final StaffService staff;
    private final OidcProperties oidc;

    UserController(StaffService staff, OidcProperties oidc) {
        this.staff = staff;
        this.oidc = oidc;
    }

    @GetMapping
    String users(Model model) {
        model.addAttribute("accounts", staff.all());
        model.addAttribute("failedLogins", staff.failedLogins());
        model.addAttribute("roles", Role.values());
        model.addAttribute("sso", oidc.providerName());
        model.addAttribute("rolesClaim", oidc.rolesClaim());
        model.addAttribute("localLogin", oidc.localLogin());
        return "users/list";
    }

    /** The new account's fields as typed; {@link StaffService#create} checks them after the role. */
    record NewAccount(String username, String displayName, String role, String password) {
    }

    @PostMapping
    View create(NewAccount form, HtmxRequest htmx, RedirectAttributes redirect) {
        var name = form.username() == null ? "" : form.username().strip();
        return act(htmx, redirect, () -> {
            var generated = staff.create(name, form.displayName(), form.role(), form.password());
            return generated == null
                    ? Flash.success("Account “" + name + "” created with the password you gave.")
                    : Flash.success("Account “" + name + "” created. Its password, shown only this once: " + generated);
        });
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/{username}/role")
    String confirmRole(@PathVariable String username, @RequestParam(required = false) String role, HtmxRequest htmx, Model model) {
        var newRole = roleNamed(role);
        return confirmation(htmx, model, username, "/role", "Make “" + username + "” " + newRole.name() + "?",
                "A lower role logs them out of every open session at once.", "Change role", "btn btn-primary")
                .andField("role", newRole.name()).view();
    }

    private static Role roleNamed(String role) {
        for (var each : Role.values()) {
            if (each.name().equals(role)) {
                return each;
            }
        }
        throw new InvalidInputException("Choose the new role: VIEWER, MODERATOR or ADMIN.");
    }

    @PostMapping("/{username}/role")
    View changeRole(@PathVariable String username, @RequestParam(required = false) String role, HtmxRequest htmx,
            RedirectAttributes redirect) {
        return act(htmx, redirect, () -> {
            staff.changeRole(username, role);
            return Flash.success("“" + username + "” is now " + accountsRole(username) + ". A lower role ends their open sessions.");
        });
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/{username}/disable")
    String confirmDisable(@PathVariable String username, HtmxRequest htmx, Model model) {
        return confirmation(htmx, model, username, "/disable", "Disable “" + username + "”?",
                "They are logged out everywhere at once and cannot log in until an ADMIN enables the account again.",
                "Disable", "btn btn-danger").view();
    }

    @PostMapping("/{username}/disable")
    View disable(@PathVariable String username, HtmxRequest htmx, RedirectAttributes redirect) {
        return act(htmx, redirect, () -> {
            staff.disable(username);
            return Flash.success("“" + username + "” is disabled and was logged out everywhere.");
        });
    }

    @PostMapping("/{username}/enable")
    View enable(@PathVariable String username, HtmxRequest htmx, RedirectAttributes redirect) {
        return act(htmx, redirect, () -> {
            staff.enable(username);
            return Flash.success("“" + username + "” can log in again.");
        });
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/{username}/password")
    String confirmResetPassword(@PathVariable String username, HtmxRequest htmx, Model model) {
        return confirmation(htmx, model, username, "/password", "Give “" + username + "” a new password?",
                "Roomwarden generates one and shows it to you once; their old password stops working at once.",
                "Reset password", "btn btn-danger").view();
    }

    @PostMapping("/{username}/password")
    View resetPassword(@PathVariable String username, HtmxRequest htmx, RedirectAttributes redirect) {
        return act(htmx, redirect, () -> Flash.success("New password for “" + username + "”, shown only this once: "
                + staff.resetPassword(username)));
    }

    /** The confirmation of a change to an account: page or dialog, with its question and its button. */
    private record Confirmation(HtmxRequest htmx, Model model) {

        Confirmation andField(String name, String value) {
            model.addAttribute("fieldName", name);
            model.addAttribute("fieldValue", value);
            return this;
        }

        String view() {
            return Answers.pageOrDialog(htmx, "users/confirm");
        }
    }

    private static Confirmation confirmation(HtmxRequest htmx, Model model, String username, String action, String question,
            String consequence, String button, String buttonClass) {
        model.addAttribute("username", username);
        model.addAttribute("question", question);
        model.addAttribute("consequence", consequence);
        model.addAttribute("actionPath", USERS + "/" + UriUtils.encodePathSegment(username, StandardCharsets.UTF_8) + action);
        model.addAttribute("buttonLabel", button);
        model.addAttribute("buttonClass", buttonClass);
        // The confirmation kit's Cancel goes back to this page.
        model.addAttribute("roomPath", USERS);
        return new Confirmation(htmx, model);
    }

    private static View act(HtmxRequest htmx, RedirectAttributes redirect, Supplier<Flash> action) {
        Flash flash;
        try {
            flash = action.get();
        } catch (StaffService.Refused e) {
            flash = Flash.error(e.getMessage());
        }
        return Answers.goTo(htmx, USERS, flash, redirect);
    }

    private String accountsRole(String username) {
        return staff.all().stream().filter(a -> a.username().equals(username)).map(a -> a.role().name()).findFirst().orElse("?");
    }
}

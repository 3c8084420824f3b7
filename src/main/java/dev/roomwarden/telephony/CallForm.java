package dev.roomwarden.telephony;

/**
 * The call dialog as sent, unchecked: {@link CallActions#call} checks it after the role, so that a refused member of
 * staff learns only that. {@code waitUntilAnswered} is a checkbox (absent: not ticked).
 */
public record CallForm(String trunk, String number, String identity, String name, String waitUntilAnswered, String ringingTimeout,
        String reason) {

    PhoneCall checked() {
        var wait = waitUntilAnswered != null && !waitUntilAnswered.isBlank() && !"false".equals(waitUntilAnswered);
        return PhoneCall.of(trunk, number, identity, name, wait, ringingTimeout);
    }
}

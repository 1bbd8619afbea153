package org.matrixregistration.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.registration.Registration;

/**
 * The sign-up form as it is shown: the values to keep (never the passwords), the translated
 * problems by field, and what the script needs to apply the same rules as the server.
 *
 * @param errors   translated messages by field name, in form order
 * @param problems the error summary at the top: field problems (linking to their field) and
 *                 problems that belong to no field
 */
record FormView(
        Chrome chrome,
        String action,
        String availableUrl,
        String username,
        String displayName,
        String token,
        int minLength,
        int maxLength,
        Map<String, List<String>> errors,
        List<Problem> problems,
        List<ClientMessage> clientMessages) {

    /** The order of the fields on the page, which is also the order focus looks for an error in. */
    static final List<String> FIELDS = List.of("username", "displayname", "password", "confirm", "token");

    /** One line of the error summary; {@code field} is empty for a problem of the whole form. */
    record Problem(String field, String message) {}

    /** A translated message the script may show, by key. */
    record ClientMessage(String key, String text) {}

    /** The display name's {@code maxlength}: core's limit, which the script reads from the field. */
    int displayNameMaxLength() {
        return Registration.MAX_DISPLAY_NAME_LENGTH;
    }

    List<String> errors(String field) {
        return errors.getOrDefault(field, List.of());
    }

    /** {@code "true"} for a field with errors, else nothing (the attribute is left out). */
    String invalid(String field) {
        return errors.containsKey(field) ? "true" : null;
    }

    /** Whether this is the first field with an error, which gets the focus. */
    boolean autofocus(String field) {
        Optional<String> first = FIELDS.stream().filter(errors::containsKey).findFirst();
        return first.isPresent() && first.get().equals(field);
    }

    /** The Matrix address the username would give, e.g. {@code @alice:example.org}. */
    String address() {
        String typed = username.strip();
        if (typed.startsWith("@")) {
            typed = typed.substring(1);
        }
        int colon = typed.indexOf(':');
        if (colon >= 0) {
            typed = typed.substring(0, colon);
        }
        String localpart = typed.isEmpty() ? "…" : typed.toLowerCase(Locale.ROOT);
        return chrome.t("field.username.address", "address", "@" + localpart + ":" + chrome.serverName());
    }
}

package org.matrixregistration.web.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.admin.Expiry;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/**
 * The fields of the new-invite and edit forms, read and checked together so that every problem is
 * shown at once: {@code uses} (0 for unlimited), {@code expires} (empty for never, else what
 * {@link Expiry#parse} reads, in the server's zone; never in the past), {@code note} and, for a new
 * invite, an optional {@code name}; {@code approval} (a checkbox: present when ticked) when approval is
 * available.
 */
record InviteForm(UsageLimit limit, Optional<Instant> expiresAt, String note, Optional<TokenName> name, boolean approval) {
    static final int MAX_USES = 1_000_000;

    /** The checked values, or the form as typed with its problems. */
    sealed interface Read permits Valid, Invalid {}

    record Valid(InviteForm values) implements Read {}

    record Invalid(ConsoleViews.Form form) implements Read {}

    static Read read(Map<String, String> fields, boolean withName, ConsoleChrome chrome, Clock clock, ZoneId zone) {
        String uses = fields.getOrDefault("uses", "").strip();
        String expires = fields.getOrDefault("expires", "").strip();
        String note = fields.getOrDefault("note", "").strip();
        String name = withName ? fields.getOrDefault("name", "").strip() : "";
        Map<String, String> errors = new LinkedHashMap<>();

        UsageLimit limit = null;
        try {
            int count = Integer.parseInt(uses);
            if (count >= 0 && count <= MAX_USES) {
                limit = count == 0 ? UsageLimit.UNLIMITED : UsageLimit.of(count);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (limit == null) {
            errors.put("uses", chrome.t("error.uses"));
        }
        Optional<Instant> expiresAt = Optional.empty();
        if (!expires.isEmpty()) {
            try {
                expiresAt = Expiry.parse(expires).resolve(clock, zone);
                if (expiresAt.isPresent() && !expiresAt.get().isAfter(clock.instant())) {
                    errors.put("expires", chrome.t("error.expired"));
                }
            } catch (IllegalArgumentException e) {
                errors.put("expires", chrome.t("error.expires"));
            }
        }
        if (note.length() > NewToken.MAX_NOTE_LENGTH) {
            errors.put("note", chrome.t("error.note_too_long"));
        }
        if (!name.isEmpty() && !TokenName.isValid(name)) {
            errors.put("name", chrome.t("error.name"));
        }
        if (!errors.isEmpty()) {
            return new Invalid(typed(fields, withName, errors));
        }
        return new Valid(new InviteForm(limit, expiresAt, note, name.isEmpty() ? Optional.empty() : Optional.of(new TokenName(name)),
                approval(fields)));
    }

    /** The form as the admin typed it, with these problems. */
    static ConsoleViews.Form typed(Map<String, String> fields, boolean withName, Map<String, String> errors) {
        List<ConsoleViews.Problem> problems = new ArrayList<>();
        errors.forEach((field, message) -> problems.add(new ConsoleViews.Problem(field, message)));
        return new ConsoleViews.Form(fields.getOrDefault("uses", ""), fields.getOrDefault("expires", ""),
                fields.getOrDefault("note", ""), withName ? fields.getOrDefault("name", "") : "", approval(fields), errors,
                problems);
    }

    private static boolean approval(Map<String, String> fields) {
        return fields.containsKey("approval");
    }
}

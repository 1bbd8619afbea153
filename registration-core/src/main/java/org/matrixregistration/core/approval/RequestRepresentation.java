package org.matrixregistration.core.approval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.admin.TokenRepresentation;

/**
 * The request object admins see in the admin API and the CLI's {@code --json}: {@code id},
 * {@code user_id}, {@code token}, {@code requested_at}, {@code status} ({@code pending},
 * {@code approved}, {@code denied} or {@code needs_attention}), {@code decided_at} and {@code reason}
 * (null until decided), and, only while it needs attention, {@code attention}: {@code approve} or
 * {@code deny}, the decision that finishes it. Times are ISO-8601 UTC to the second.
 */
public final class RequestRepresentation {

    private RequestRepresentation() {}

    public static Map<String, Object> request(RegistrationRequest request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", request.id());
        fields.put("user_id", request.userId().toString());
        fields.put("token", request.token().value());
        fields.put("requested_at", TokenRepresentation.iso(request.requestedAt()));
        fields.put("status", request.status().wireName());
        fields.put("decided_at", request.decidedAt().map(TokenRepresentation::iso).orElse(null));
        fields.put("reason", request.reason().orElse(null));
        request.attention().ifPresent(what -> fields.put("attention", what.finishedBy(true) ? "approve" : "deny"));
        return fields;
    }

    /** A request id as it appears in URLs and on the command line: what {@code UUID} makes. */
    public static Optional<String> id(String text) {
        String id = text.strip();
        return id.length() == 36 && id.chars().allMatch(c -> c == '-' || Character.digit(c, 16) >= 0)
                ? Optional.of(id.toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
    }
}

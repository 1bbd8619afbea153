package org.matrixregistration.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * One signed-in admin, as the store keeps it.
 *
 * @param id         a one-way hash of the secret the browser holds (see {@link AdminSessions}): the
 *                   store never learns the secret itself, so a copy of the database signs nobody in
 * @param createdAt  when the admin signed in
 * @param lastSeenAt when the session was last used (kept to about a minute, see {@link SessionPolicy})
 */
public record AdminSession(String id, Instant createdAt, Instant lastSeenAt) {
    public AdminSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        if (id.isBlank() || id.length() > 128) {
            throw new IllegalArgumentException("a session id has 1 to 128 characters");
        }
    }

    public AdminSession seenAt(Instant at) {
        return new AdminSession(id, createdAt, at);
    }

    @Override
    public String toString() {
        return "AdminSession[id=<redacted>, createdAt=" + createdAt + ", lastSeenAt=" + lastSeenAt + "]";
    }
}

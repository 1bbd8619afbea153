package org.matrixregistration.core.approval;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.matrixregistration.core.token.InviteToken;

/**
 * Tells the admins' room about requests and decisions, off the caller's thread (a slow or absent
 * room never delays a sign-up or a decision): a notice per request, naming who asks, with which
 * invite and its note, and where to decide; and each decision as a reply to that notice.
 */
public final class RequestNotices {
    private static final Logger LOG = Logger.getLogger(RequestNotices.class.getName());

    private final Announcements room;
    private final RegistrationRequests requests;
    private final Executor executor;
    private final Optional<String> decideUrl;

    /** @param decideUrl where the console lists requests, when the portal's public address is known */
    public RequestNotices(Announcements room, RegistrationRequests requests, Executor executor, Optional<String> decideUrl) {
        this.room = Objects.requireNonNull(room, "room");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.decideUrl = Objects.requireNonNull(decideUrl, "decideUrl");
    }

    /** No room: nothing is said. */
    public static RequestNotices none(RegistrationRequests requests) {
        return new RequestNotices(Announcements.NONE, requests, Runnable::run, Optional.empty());
    }

    void requested(RegistrationRequest request, Optional<InviteToken> token) {
        String note = token.map(InviteToken::note).filter(text -> !text.isBlank()).map(text -> " (" + text + ")")
                .orElse("");
        String text = request.userId() + " asks for an account with the invite " + request.token().value() + note + "."
                + decideUrl.map(url -> " Decide: " + url).orElse(" Decide in the admin console, the admin API or the CLI"
                + " (requests approve|deny " + request.id() + ").");
        later(() -> room.announce(text).ifPresent(eventId -> remember(request.id(), eventId)));
    }

    /** A decision may be recorded at the same moment: try again on the request as it is then. */
    private void remember(String requestId, String eventId) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<RegistrationRequest> current = requests.find(requestId);
            if (current.isEmpty() || requests.replace(current.get(), current.get().noticed(eventId))) {
                return;
            }
        }
    }

    void decided(RegistrationRequest request) {
        Optional<String> notice = request.noticeId();
        if (notice.isEmpty()) {
            return;
        }
        String text = switch (request.status()) {
            case APPROVED -> "Approved: " + request.userId() + " can sign in now.";
            case DENIED -> "Denied: " + request.userId() + " was deactivated" + request.reason().map(why -> " (" + why + ")")
                    .orElse("") + ".";
            default -> request.userId() + " needs attention: " + request.attention().map(Enum::name).orElse("");
        };
        later(() -> room.reply(notice.get(), text));
    }

    private void later(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "Announcing a registration request failed");
            }
        });
    }
}

package org.matrixregistration.dist;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.matrixregistration.core.session.AdminSession;
import org.matrixregistration.core.session.AdminSessions;

/** The console's sessions in a database that may still be opening; see {@link OpeningInviteTokens}. */
final class OpeningAdminSessions implements AdminSessions {
    private final CompletableFuture<? extends AdminSessions> store;

    OpeningAdminSessions(CompletableFuture<? extends AdminSessions> store) {
        this.store = store;
    }

    private AdminSessions store() {
        return OpeningInviteTokens.await(store);
    }

    @Override
    public boolean add(AdminSession session) {
        return store().add(session);
    }

    @Override
    public Optional<AdminSession> find(String id) {
        return store().find(id);
    }

    @Override
    public boolean touch(String id, Instant at) {
        return store().touch(id, at);
    }

    @Override
    public void remove(String id) {
        store().remove(id);
    }

    @Override
    public int removeExpired(Instant idleBefore, Instant createdBefore) {
        return store().removeExpired(idleBefore, createdBefore);
    }
}

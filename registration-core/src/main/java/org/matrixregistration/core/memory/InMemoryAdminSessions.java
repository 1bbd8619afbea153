package org.matrixregistration.core.memory;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.matrixregistration.core.session.AdminSession;
import org.matrixregistration.core.session.AdminSessions;

/** {@link AdminSessions} in one JVM's memory: for tests and a single portal without a database. */
public final class InMemoryAdminSessions implements AdminSessions {
    private final ConcurrentHashMap<String, AdminSession> sessions = new ConcurrentHashMap<>();

    @Override
    public boolean add(AdminSession session) {
        return sessions.putIfAbsent(session.id(), session) == null;
    }

    @Override
    public Optional<AdminSession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public boolean touch(String id, Instant at) {
        return sessions.computeIfPresent(id, (key, session) -> session.seenAt(at)) != null;
    }

    @Override
    public void remove(String id) {
        sessions.remove(id);
    }

    @Override
    public int removeExpired(Instant idleBefore, Instant createdBefore) {
        int before = sessions.size();
        sessions.values().removeIf(s -> s.lastSeenAt().isBefore(idleBefore) || s.createdAt().isBefore(createdBefore));
        return before - sessions.size();
    }
}

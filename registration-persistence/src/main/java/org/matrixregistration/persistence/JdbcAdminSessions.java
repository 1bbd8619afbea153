package org.matrixregistration.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.session.AdminSession;
import org.matrixregistration.core.session.AdminSessions;

/**
 * {@link AdminSessions} in the token store's database, so that every portal instance sharing it
 * knows every session; obtained from {@link TokenDatabase#adminSessions()}. Every method throws
 * {@link DatabaseUnavailableException} if the database fails, having changed nothing.
 */
public final class JdbcAdminSessions implements AdminSessions {
    private static final String INSERT = "INSERT INTO admin_session (id, created_at, last_seen_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING";
    private static final String FIND = "SELECT id, created_at, last_seen_at FROM admin_session WHERE id = ?";
    private static final String TOUCH = "UPDATE admin_session SET last_seen_at = ? WHERE id = ?";
    private static final String REMOVE = "DELETE FROM admin_session WHERE id = ?";
    private static final String REMOVE_EXPIRED = "DELETE FROM admin_session WHERE last_seen_at < ? OR created_at < ?";

    private final Jdbc jdbc;

    JdbcAdminSessions(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    @Override
    public boolean add(AdminSession session) {
        return jdbc.autoCommit("start an admin session", connection -> Jdbc.update(connection, INSERT, session.id(),
                TokenRows.micros(session.createdAt()), TokenRows.micros(session.lastSeenAt())) == 1);
    }

    @Override
    public Optional<AdminSession> find(String id) {
        return jdbc.autoCommit("find an admin session", connection -> {
            try (PreparedStatement statement = Jdbc.prepare(connection, FIND, id);
                    ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new AdminSession(row.getString("id"), TokenRows.fromMicros(row.getLong("created_at")),
                                TokenRows.fromMicros(row.getLong("last_seen_at"))))
                        : Optional.empty();
            }
        });
    }

    @Override
    public boolean touch(String id, Instant at) {
        return jdbc.autoCommit("touch an admin session", connection ->
                Jdbc.update(connection, TOUCH, TokenRows.micros(at), id) == 1);
    }

    @Override
    public void remove(String id) {
        jdbc.autoCommit("end an admin session", connection -> Jdbc.update(connection, REMOVE, id));
    }

    @Override
    public int removeExpired(Instant idleBefore, Instant createdBefore) {
        return jdbc.autoCommit("remove expired admin sessions", connection -> Jdbc.update(connection, REMOVE_EXPIRED,
                TokenRows.micros(idleBefore), TokenRows.micros(createdBefore)));
    }
}

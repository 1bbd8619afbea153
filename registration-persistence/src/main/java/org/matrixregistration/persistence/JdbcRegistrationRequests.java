package org.matrixregistration.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.approval.Attention;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RequestStatus;
import org.matrixregistration.core.token.TokenName;

/**
 * {@link RegistrationRequests} in the token store's database; obtained from
 * {@link TokenDatabase#registrationRequests()}. {@link #replace} is one {@code UPDATE ... WHERE id = ?
 * AND status = ? AND attention ...}: the database decides which of two concurrent decisions wins,
 * whatever the isolation level, because the second update finds the row changed and updates nothing.
 * Every method throws {@link DatabaseUnavailableException} if the database fails, having changed nothing.
 */
public final class JdbcRegistrationRequests implements RegistrationRequests {
    private static final String COLUMNS = "id, user_id, token_name, reservation_id, requested_at, status, attention,"
            + " decided_at, reason, notice_id";
    private static final String INSERT = "INSERT INTO registration_request (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    private static final String FIND = "SELECT " + COLUMNS + " FROM registration_request WHERE id = ?";
    private static final String BY_RESERVATION = "SELECT " + COLUMNS + " FROM registration_request WHERE reservation_id = ?";
    private static final String REPLACE = "UPDATE registration_request SET status = ?, attention = ?, decided_at = ?,"
            + " reason = ?, notice_id = ? WHERE id = ? AND status = ? AND COALESCE(attention, '') = ?";
    private static final String REMOVE = "DELETE FROM registration_request WHERE id = ?";
    private static final String PENDING_BEFORE = "SELECT " + COLUMNS + " FROM registration_request"
            + " WHERE status = 'pending' AND requested_at < ? ORDER BY requested_at LIMIT ?";

    private final Jdbc jdbc;

    JdbcRegistrationRequests(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    @Override
    public boolean add(RegistrationRequest request) {
        return jdbc.autoCommit("record a registration request", connection -> Jdbc.update(connection, INSERT, request.id(),
                request.userId().toString(), request.token().value(), request.reservationId(),
                TokenRows.micros(request.requestedAt()), name(request.status()), request.attention().map(JdbcRegistrationRequests::name),
                TokenRows.micros(request.decidedAt()), request.reason(), request.noticeId()) == 1);
    }

    @Override
    public Optional<RegistrationRequest> find(String id) {
        return one("find a registration request", FIND, id);
    }

    @Override
    public Optional<RegistrationRequest> findByReservation(String reservationId) {
        return one("find a registration request", BY_RESERVATION, reservationId);
    }

    @Override
    public List<RegistrationRequest> list(Optional<RequestStatus> status, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM registration_request"
                + (status.isPresent() ? " WHERE status = ?" : "") + " ORDER BY requested_at DESC, id LIMIT ?";
        Object[] parameters = status.isPresent() ? new Object[] {name(status.get()), limit} : new Object[] {limit};
        return many("list registration requests", sql, parameters);
    }

    @Override
    public boolean replace(RegistrationRequest expected, RegistrationRequest updated) {
        if (!expected.id().equals(updated.id())) {
            return false;
        }
        return jdbc.autoCommit("decide a registration request", connection -> Jdbc.update(connection, REPLACE,
                name(updated.status()), updated.attention().map(JdbcRegistrationRequests::name), TokenRows.micros(updated.decidedAt()),
                updated.reason(), updated.noticeId(), expected.id(), name(expected.status()),
                expected.attention().map(JdbcRegistrationRequests::name).orElse("")) == 1);
    }

    @Override
    public void remove(String id) {
        jdbc.autoCommit("remove a registration request", connection -> Jdbc.update(connection, REMOVE, id));
    }

    @Override
    public List<RegistrationRequest> pendingBefore(Instant before, int limit) {
        return many("find registration requests to expire", PENDING_BEFORE, TokenRows.micros(before), limit);
    }

    private Optional<RegistrationRequest> one(String what, String sql, Object... parameters) {
        List<RegistrationRequest> found = many(what, sql, parameters);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<RegistrationRequest> many(String what, String sql, Object... parameters) {
        return jdbc.autoCommit(what, connection -> {
            List<RegistrationRequest> found = new ArrayList<>();
            try (PreparedStatement statement = Jdbc.prepare(connection, sql, parameters);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(request(rows));
                }
            }
            return found;
        });
    }

    private static RegistrationRequest request(ResultSet row) throws SQLException {
        long decided = row.getLong("decided_at");
        Optional<Instant> decidedAt = row.wasNull() ? Optional.empty() : Optional.of(TokenRows.fromMicros(decided));
        return new RegistrationRequest(row.getString("id"), UserId.parse(row.getString("user_id")),
                new TokenName(row.getString("token_name")), row.getString("reservation_id"),
                TokenRows.fromMicros(row.getLong("requested_at")),
                RequestStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                Optional.ofNullable(row.getString("attention")).map(text -> Attention.valueOf(text.toUpperCase(Locale.ROOT))),
                decidedAt, Optional.ofNullable(row.getString("reason")), Optional.ofNullable(row.getString("notice_id")));
    }

    private static String name(RequestStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String name(Attention attention) {
        return attention.name().toLowerCase(Locale.ROOT);
    }
}

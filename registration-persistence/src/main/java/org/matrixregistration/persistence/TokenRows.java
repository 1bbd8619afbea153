package org.matrixregistration.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;

/** Rows of {@code invite_token} and {@code token_use} as domain values, and times as stored. */
final class TokenRows {
    /** The columns {@link #token} reads, in a query that names the table {@code t}. */
    static final String TOKEN_COLUMNS =
            "t.name, t.max_uses, t.expires_at, t.disabled, t.note, t.created_at, t.used, t.requires_approval";
    static final String USE_COLUMNS = "token_name, user_id, used_at, client_address";

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private TokenRows() {}

    /** A token row with the use counts given. */
    static InviteToken token(ResultSet row, UseCounts uses) throws SQLException {
        return new InviteToken(
                new TokenName(row.getString("name")),
                new UsageLimit(row.getInt("max_uses")),
                instant(row, "expires_at"),
                row.getBoolean("disabled"),
                row.getString("note"),
                fromMicros(row.getLong("created_at")),
                uses,
                row.getBoolean("requires_approval"));
    }

    /** A token row followed by the columns {@code pending} and {@code unconfirmed}. */
    static InviteToken tokenWithPending(ResultSet row) throws SQLException {
        return token(row, new UseCounts(row.getInt("used"), row.getInt("pending"), row.getInt("unconfirmed")));
    }

    static TokenUse use(ResultSet row) throws SQLException {
        return new TokenUse(
                new TokenName(row.getString("token_name")),
                Optional.ofNullable(row.getString("user_id")),
                instant(row, "used_at"),
                Optional.ofNullable(row.getString("client_address")));
    }

    /** Microseconds since the epoch; finer parts of {@code instant} are dropped. */
    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
    }

    static Optional<Long> micros(Optional<Instant> instant) {
        return instant.map(TokenRows::micros);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(fromMicros(micros));
    }
}

package org.matrixregistration.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * Runs work on a pooled connection, alone or in one transaction, and turns SQL failures into
 * {@link DatabaseUnavailableException}.
 *
 * <p>A transaction begins with {@code setAutoCommit(false)} (on SQLite this issues
 * {@code BEGIN IMMEDIATE}, waiting up to the busy timeout for the write lock) and ends with
 * {@code setAutoCommit(true)}, which commits. {@code Connection.commit()} is avoided on purpose:
 * sqlite-jdbc begins the next IMMEDIATE transaction inside it, so the connection would hold the
 * write lock while idle in the pool. A connection whose transaction failed is rolled back, or
 * evicted from the pool if even that fails, so that no half-open transaction is ever reused.
 */
final class Jdbc {
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final HikariDataSource pool;

    Jdbc(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Runs {@code work} in auto-commit mode: each statement stands alone. */
    <T> T autoCommit(String operation, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw Failures.operationFailed(operation, e);
        }
    }

    /** Runs {@code work} in one transaction: all of it happens, or none of it. */
    <T> T transaction(String operation, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            try {
                connection.setAutoCommit(false);
                T result = work.apply(connection);
                connection.setAutoCommit(true);
                return result;
            } catch (SQLException | RuntimeException failure) {
                abandon(connection);
                throw failure;
            }
        } catch (SQLException e) {
            throw Failures.operationFailed(operation, e);
        }
    }

    private void abandon(Connection connection) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(connection);
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                bind(statement, i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** Whether the query finds a row. */
    static boolean exists(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet row = statement.executeQuery()) {
            return row.next();
        }
    }

    /** The first column of the one row of a query such as {@code SELECT COUNT(*)}. */
    static long single(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * Binds one parameter by its Java type; an empty {@link Optional} is SQL {@code NULL} of no
     * declared type, which both databases take from the column it is compared with or stored in.
     */
    static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Optional<?> optional) {
            if (optional.isPresent()) {
                bind(statement, index, optional.get());
            } else {
                statement.setNull(index, Types.NULL);
            }
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof Boolean flag) {
            statement.setBoolean(index, flag);
        } else {
            throw new IllegalArgumentException("cannot bind a " + (value == null ? "null" : value.getClass().getName()));
        }
    }
}

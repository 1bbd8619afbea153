package org.matrixregistration.persistence;

import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns driver exceptions into one line a person can read, without secrets. */
final class Failures {
    private Failures() {}

    /**
     * The reason in {@code failure}, on one line: the driver's own message, followed by its root
     * cause's when that says more ("The connection attempt failed. (UnknownHostException: db)").
     */
    static String reason(Throwable failure, Optional<String> secret) {
        Optional<String> sqlite = sqliteReason(failure);
        if (sqlite.isPresent()) {
            return sqlite.get();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = message(failure);
        if (root != failure && root.getMessage() != null && !reason.contains(root.getMessage())) {
            reason = reason + " (" + root.getClass().getSimpleName() + ": " + message(root) + ")";
        }
        return scrub(reason, secret);
    }

    /** What a SQLite result code means for a person who configured a file path. */
    private static Optional<String> sqliteReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                SQLiteErrorCode primary = code == null ? SQLiteErrorCode.UNKNOWN_ERROR
                        : SQLiteErrorCode.getErrorCode(code.code & 0xff);
                String meaning = switch (primary) {
                    case SQLITE_CANTOPEN ->
                            "cannot open or create the file (does the directory exist, and may this user write to it?)";
                    case SQLITE_READONLY -> "the file is read-only for this user";
                    case SQLITE_PERM -> "this user may not access the file";
                    case SQLITE_NOTADB -> "the file is not an SQLite database";
                    case SQLITE_CORRUPT -> "the database file is corrupt";
                    case SQLITE_BUSY, SQLITE_LOCKED ->
                            "the database stayed locked by another writer for longer than the busy timeout";
                    case SQLITE_FULL -> "the disk is full";
                    case SQLITE_IOERR -> "a disk I/O error occurred";
                    default -> null;
                };
                return Optional.of(meaning != null ? meaning : message(sqlite));
            }
        }
        return Optional.empty();
    }

    static DatabaseUnavailableException operationFailed(String operation, SQLException failure) {
        return new DatabaseUnavailableException(
                "The token store failed to " + operation + ": " + reason(failure, Optional.empty()), failure);
    }

    private static String message(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static String scrub(String text, Optional<String> secret) {
        return secret.filter(s -> !s.isEmpty()).map(s -> text.replace(s, "***")).orElse(text);
    }
}

-- Signed-in sessions of the admin console, shared by every portal instance on this database.
-- id is a SHA-256 hash (hex) of the secret the browser holds, never the secret itself.
CREATE TABLE admin_session (
    id           VARCHAR(128) NOT NULL PRIMARY KEY,
    created_at   BIGINT       NOT NULL,
    last_seen_at BIGINT       NOT NULL
);

CREATE INDEX admin_session_by_last_seen ON admin_session (last_seen_at);

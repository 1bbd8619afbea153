-- The token store. One schema history for SQLite and PostgreSQL: the only difference, the type
-- of a generated row id, is the placeholder ${id_column}.
--
-- Times are BIGINT microseconds since 1970-01-01T00:00:00Z on both databases, so that they sort
-- and compare the same everywhere and carry no time zone.

CREATE TABLE invite_token (
    name        VARCHAR(64) NOT NULL PRIMARY KEY,
    -- 0 means unlimited, as max_usage did in the Python tool.
    max_uses    INTEGER     NOT NULL CHECK (max_uses >= 0),
    expires_at  BIGINT,
    disabled    BOOLEAN     NOT NULL DEFAULT FALSE,
    note        TEXT        NOT NULL DEFAULT '',
    created_at  BIGINT      NOT NULL,
    -- Completed uses. Kept on the row, not counted from token_use: an imported token may have
    -- more uses than the addresses the old tool logged.
    used        INTEGER     NOT NULL DEFAULT 0 CHECK (used >= 0)
);

-- Listing pages in creation order.
CREATE INDEX invite_token_by_creation ON invite_token (created_at, name);

-- Uses in flight. One counts against its token's limit while it is younger than the store's
-- reservation lifetime; completing or releasing it deletes it.
CREATE TABLE token_reservation (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    token_name  VARCHAR(64) NOT NULL REFERENCES invite_token (name) ON DELETE CASCADE,
    reserved_at BIGINT      NOT NULL
);

CREATE INDEX token_reservation_by_token ON token_reservation (token_name, reserved_at);
CREATE INDEX token_reservation_by_age ON token_reservation (reserved_at);

-- Completed uses, oldest first by id. Imported uses have only the address the old tool logged.
CREATE TABLE token_use (
    id             ${id_column},
    token_name     VARCHAR(64) NOT NULL REFERENCES invite_token (name) ON DELETE CASCADE,
    user_id        TEXT,
    used_at        BIGINT,
    client_address TEXT
);

CREATE INDEX token_use_by_token ON token_use (token_name, id);

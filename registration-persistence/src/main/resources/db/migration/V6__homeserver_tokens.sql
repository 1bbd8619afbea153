-- token_store: synapse (issue 16). The homeserver holds the tokens, their limits, expiries and use
-- counts (Synapse's registration tokens); these tables hold what it does not keep, keyed by the
-- token's name, and the portal's own reservations, which keep its limit atomic (Synapse's own check
-- is not). Separate from invite_token and its tables, so that token_store: portal stays as it was and
-- switching between the two modes never mixes their tokens.

-- What Synapse does not keep. created_at is when the token was made here, or first seen for one made
-- elsewhere. carried_uses: uses counted here before `token migrate` put the token into Synapse, whose
-- completed count starts at 0 there. held: the portal switched the token off in Synapse, which has no
-- "disabled", takes no expiry in the past and reads uses_allowed 0 as "no limit": its expiry_time was
-- set to the moment of switching off, switched_off_at (microseconds, as every time here). While
-- Synapse still has that expiry, the token's settings are held_limit (0: unlimited), disabled and
-- wanted_expiry; once it has another (changed elsewhere), Synapse's settings are the token's again.
-- revision grows with every change to the token's reservations that could lower its count (see
-- JdbcHomeserverInviteTokens).
CREATE TABLE homeserver_token (
    name              VARCHAR(64) NOT NULL PRIMARY KEY,
    note              TEXT        NOT NULL DEFAULT '',
    created_at        BIGINT      NOT NULL,
    carried_uses      INTEGER     NOT NULL DEFAULT 0 CHECK (carried_uses >= 0),
    held              BOOLEAN     NOT NULL DEFAULT FALSE,
    switched_off_at   BIGINT,
    held_limit        INTEGER     CHECK (held_limit >= 0),
    disabled          BOOLEAN     NOT NULL DEFAULT FALSE,
    wanted_expiry     BIGINT,
    requires_approval BOOLEAN     NOT NULL DEFAULT FALSE,
    revision          BIGINT      NOT NULL DEFAULT 0
);

-- Portal sign-ups not settled yet, as token_reservation; counted_by_homeserver: Synapse accepted the
-- token stage, so its own count has the use and the reservation no longer counts beside it.
CREATE TABLE homeserver_token_reservation (
    id                    VARCHAR(36) NOT NULL PRIMARY KEY,
    token_name            VARCHAR(64) NOT NULL REFERENCES homeserver_token (name) ON DELETE CASCADE,
    user_id               TEXT        NOT NULL,
    reserved_at           BIGINT      NOT NULL,
    state                 VARCHAR(16) NOT NULL DEFAULT 'in_flight',
    attempts              INTEGER     NOT NULL DEFAULT 0,
    due_at                BIGINT      NOT NULL DEFAULT 0,
    detail                TEXT,
    needs_approval        BOOLEAN     NOT NULL DEFAULT FALSE,
    counted_by_homeserver BOOLEAN     NOT NULL DEFAULT FALSE
);

CREATE INDEX homeserver_token_reservation_by_token ON homeserver_token_reservation (token_name);
CREATE INDEX homeserver_token_reservation_by_state ON homeserver_token_reservation (state, due_at);

-- Who signed up through the portal (a use made from another client is only in Synapse's count).
CREATE TABLE homeserver_token_use (
    id             ${id_column},
    token_name     VARCHAR(64) NOT NULL REFERENCES homeserver_token (name) ON DELETE CASCADE,
    user_id        TEXT,
    used_at        BIGINT,
    client_address TEXT,
    reservation_id VARCHAR(36)
);

CREATE INDEX homeserver_token_use_by_token ON homeserver_token_use (token_name, id);
CREATE UNIQUE INDEX homeserver_token_use_by_reservation ON homeserver_token_use (reservation_id);

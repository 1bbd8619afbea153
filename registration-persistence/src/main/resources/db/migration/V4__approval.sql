-- Sign-ups that wait, locked, for an admin's approval (see core.approval).
ALTER TABLE invite_token ADD COLUMN requires_approval BOOLEAN NOT NULL DEFAULT FALSE;

-- A reservation made for a token that required approval is settled by its request; while an
-- admin decides, its state is 'awaiting'.
ALTER TABLE token_reservation ADD COLUMN needs_approval BOOLEAN NOT NULL DEFAULT FALSE;

-- status: pending | approved | denied | needs_attention; attention (while needs_attention):
-- unfinished | unlock | erase. Times are microseconds, as everywhere. The token is not a foreign
-- key: a request outlives a deleted token, as the account does.
CREATE TABLE registration_request (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id        TEXT         NOT NULL,
    token_name     VARCHAR(64)  NOT NULL,
    reservation_id VARCHAR(36)  NOT NULL UNIQUE,
    requested_at   BIGINT       NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    attention      VARCHAR(16),
    decided_at     BIGINT,
    reason         TEXT,
    notice_id      TEXT
);

CREATE INDEX registration_request_by_status ON registration_request (status, requested_at);
CREATE INDEX registration_request_by_time ON registration_request (requested_at);

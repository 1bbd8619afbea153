-- Reservations name the account they are for and are settled, never aged out: one whose sign-up
-- went silent (a lost answer, a dead process) keeps counting until a settler has asked the
-- homeserver whether the account exists (see InviteTokens).
--
-- state: 'in_flight' while its sign-up runs; 'uncertain' once the answer was lost or a settler
-- could not tell yet. due_at: when a settler should look at an uncertain one next (microseconds).
-- Rows kept from version 1 have no user_id; they are dropped once stale, as version 1 did.
ALTER TABLE token_reservation ADD COLUMN user_id TEXT;
ALTER TABLE token_reservation ADD COLUMN state VARCHAR(16) NOT NULL DEFAULT 'in_flight';
ALTER TABLE token_reservation ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE token_reservation ADD COLUMN due_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE token_reservation ADD COLUMN detail TEXT;

CREATE INDEX token_reservation_by_state ON token_reservation (state, due_at);

-- The reservation a use settled: a use is recorded once per reservation, whether the sign-up or a
-- settler records it. Imported uses have none.
ALTER TABLE token_use ADD COLUMN reservation_id VARCHAR(36);
CREATE UNIQUE INDEX token_use_by_reservation ON token_use (reservation_id);

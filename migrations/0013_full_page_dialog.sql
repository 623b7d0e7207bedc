-- Meta's full-page dialog (where its popup cannot open) returns to one registered page,
-- carrying only `state`. Each start of the dialog keeps the SHA-256 of a new random
-- state with the session's token sealed (so the return page can send the customer back
-- to the session's page); the return takes the row, so a state works once.
CREATE TABLE dialog_returns (
    state_hash       TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES connect_sessions (id) ON DELETE CASCADE,
    token_ciphertext TEXT NOT NULL,
    key_id           TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX dialog_returns_by_session ON dialog_returns (session_id);

-- The simulator's dialog codes remember the redirect_uri they were issued for: Meta
-- exchanges such a code only with the same redirect_uri.
ALTER TABLE simulator_grants ADD COLUMN redirect_uri TEXT;

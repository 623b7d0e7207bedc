-- A connect session belongs to the browser that first opened its page: that browser
-- keeps a random key in a cookie, and the session the key's SHA-256. Every step of the
-- flow, and Meta's full-page login, asks for it. In an app's built-in browser the page
-- may hand the session on to the phone's own browser once: the SHA-256 of that hand-off
-- code, valid until `handoff_until`.
ALTER TABLE connect_sessions ADD COLUMN browser_hash TEXT;
ALTER TABLE connect_sessions ADD COLUMN handoff_hash TEXT;
ALTER TABLE connect_sessions ADD COLUMN handoff_until BIGINT;

-- Meta's full-page login returns to the session's page by the session's id: the bound
-- browser returns with its cookie, so the session's token is no longer kept (sealed)
-- for the return. Starts in flight when this runs are dropped: their returns say so.
CREATE TABLE dialog_returns_v2 (
    state_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES connect_sessions (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
DROP TABLE dialog_returns;
ALTER TABLE dialog_returns_v2 RENAME TO dialog_returns;
CREATE INDEX dialog_returns_by_session ON dialog_returns (session_id);

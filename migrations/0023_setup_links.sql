-- Setup links: a link a vendor sends its customer (by e-mail, text message, a chat)
-- that opens a fresh 10-minute connect session each time it is opened, for up to 30
-- days. The link keeps the session request it was made with; its token is kept as a
-- SHA-256 only. A new link for the same workspace and integration revokes the old one;
-- the first session completed from it completes it, and it opens no session after that.
CREATE TABLE setup_links (
    id                   TEXT PRIMARY KEY,
    token_hash           TEXT NOT NULL UNIQUE,
    vendor_id            TEXT NOT NULL REFERENCES vendors (id),
    api_key_id           TEXT NOT NULL,
    mode                 TEXT NOT NULL,
    integration_type     TEXT NOT NULL,
    external_id          TEXT NOT NULL,
    workspace_name       TEXT NOT NULL,
    origin               TEXT NOT NULL,
    state                TEXT,
    locale               TEXT,
    coexistence          BIGINT,
    return_url           TEXT,
    created_at           BIGINT NOT NULL,
    expires_at           BIGINT NOT NULL,
    revoked_at           BIGINT,
    completed_at         BIGINT,
    completed_session_id TEXT,
    opened_count         BIGINT NOT NULL DEFAULT 0,
    last_opened_at       BIGINT
);
CREATE INDEX setup_links_by_workspace
    ON setup_links (vendor_id, mode, external_id, integration_type);

-- The setup link a session was opened from, if any.
ALTER TABLE connect_sessions ADD COLUMN setup_link_id TEXT;

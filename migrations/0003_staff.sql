-- WhatsPortal staff and their signed-in sessions.
-- role: 'admin' (every action) or 'viewer' (read only).
CREATE TABLE staff_users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    disabled_at   BIGINT
);

-- A signed-in browser: only the SHA-256 of its cookie is kept. It ends after
-- `idle` without use or at `expires_at`, whichever comes first. `flash_*` holds one
-- sealed message for the next page (a secret shown once, or the outcome of a form
-- posted without JavaScript), deleted when shown.
CREATE TABLE staff_sessions (
    token_hash       TEXT PRIMARY KEY,
    staff_id         TEXT NOT NULL REFERENCES staff_users (id),
    created_at       BIGINT NOT NULL,
    last_seen_at     BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    source_ip        TEXT,
    flash_ciphertext TEXT,
    flash_key_id     TEXT
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_by_expiry ON staff_sessions (expires_at);

-- The audit log names the vendor an entry concerns, for filtering per vendor.
ALTER TABLE audit_log ADD COLUMN vendor_id TEXT;
CREATE INDEX audit_log_by_vendor ON audit_log (vendor_id, occurred_at);
-- Sign-in throttling counts recent failures per account and per address.
CREATE INDEX audit_log_by_action_target ON audit_log (action, target_id, occurred_at);
CREATE INDEX audit_log_by_action_source ON audit_log (action, source_ip, occurred_at);

-- Search and pagination of the vendor list and the workspaces.
CREATE INDEX vendors_by_created ON vendors (created_at, id);
CREATE INDEX workspaces_by_vendor ON workspaces (vendor_id, created_at);

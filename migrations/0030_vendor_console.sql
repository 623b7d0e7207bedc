-- The vendor console: a vendor's own users, their invitations and their sessions.

-- A person of a vendor's team. role: 'owner' (everything, the team included),
-- 'developer' (the integration's settings) or 'viewer' (read only). The password and
-- the second factor are set when an invitation is accepted; until then both are NULL
-- and the account cannot sign in. `totp_*` is the TOTP key, sealed; `totp_last_step`
-- the last time step accepted, so that a code is accepted once.
CREATE TABLE vendor_users (
    id              TEXT PRIMARY KEY,
    vendor_id       TEXT NOT NULL REFERENCES vendors (id),
    email           TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL,
    password_hash   TEXT,
    totp_ciphertext TEXT,
    totp_key_id     TEXT,
    totp_last_step  BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    disabled_at     BIGINT
);
CREATE INDEX vendor_users_by_vendor ON vendor_users (vendor_id, created_at);

-- A single-use link that lets a user set their password and second factor: the first
-- invitation ('invite') or a reset by an owner or staff ('reset'). Only the SHA-256 of
-- the link's token is kept; the TOTP key the page shows is sealed.
CREATE TABLE vendor_invitations (
    token_hash      TEXT PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    vendor_id       TEXT NOT NULL REFERENCES vendors (id),
    user_id         TEXT NOT NULL REFERENCES vendor_users (id),
    purpose         TEXT NOT NULL,
    totp_ciphertext TEXT NOT NULL,
    totp_key_id     TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT
);
CREATE INDEX vendor_invitations_by_user ON vendor_invitations (user_id);

-- A signed-in console browser, as `staff_sessions` is for staff.
CREATE TABLE console_sessions (
    token_hash       TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES vendor_users (id),
    created_at       BIGINT NOT NULL,
    last_seen_at     BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    source_ip        TEXT,
    flash_ciphertext TEXT,
    flash_key_id     TEXT
);
CREATE INDEX console_sessions_by_user ON console_sessions (user_id);
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_at);

-- A rotated API key keeps working until `retires_at`, so that a vendor can deploy the
-- new key before the old one stops.
ALTER TABLE api_keys ADD COLUMN retires_at BIGINT;

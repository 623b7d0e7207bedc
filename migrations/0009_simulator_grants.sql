-- The Meta simulator's codes and tokens (test mode and development), shared by every
-- instance and deleted once expired. Keyed by the SHA-256 of the credential: the
-- credentials themselves are never stored.
CREATE TABLE simulator_grants (
    credential_hash TEXT PRIMARY KEY,
    -- code, token or page_token
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    waba_id         TEXT,
    user_id         TEXT,
    page_id         TEXT,
    issued_at       BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT
);
CREATE INDEX simulator_grants_by_expiry ON simulator_grants (expires_at);

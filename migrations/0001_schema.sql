-- The whole product's schema, portable between SQLite and PostgreSQL:
-- TEXT and BIGINT only, ids made by the application, times as Unix milliseconds,
-- flags as nullable timestamps (set = the thing happened).

-- A SaaS vendor. `id` is the Vendor ID staff hand out.
CREATE TABLE vendors (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    logo_url       TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    deactivated_at BIGINT
);
CREATE INDEX vendors_by_name ON vendors (name);

-- Secret API keys: only the SHA-256 of the key is kept. Several may be active at once.
-- `mode` is 'live' or 'test' (test keys run against the Meta simulator).
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    vendor_id    TEXT NOT NULL REFERENCES vendors (id),
    key_hash     TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    mode         TEXT NOT NULL DEFAULT 'live',
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_by_vendor ON api_keys (vendor_id);

-- Where a vendor's frontend runs, normalised as scheme://host[:port].
CREATE TABLE allowed_origins (
    vendor_id  TEXT NOT NULL REFERENCES vendors (id),
    origin     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (vendor_id, origin)
);

-- One per (vendor, mode, externalId); `account_id` never changes once given.
CREATE TABLE workspaces (
    id          TEXT PRIMARY KEY,
    vendor_id   TEXT NOT NULL REFERENCES vendors (id),
    mode        TEXT NOT NULL DEFAULT 'live',
    external_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    account_id  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (vendor_id, mode, external_id)
);

-- A connect session: only the SHA-256 of its token is kept. Single use: `consumed_at`
-- is set by one conditional UPDATE. While a completion talks to Meta it holds a claim
-- (`claim_id` until `claimed_until`), so concurrent completions see "already used";
-- a failed completion releases it and records `failure_reason`, and the session stays
-- usable. `outcome` is 'completed' once consumed.
CREATE TABLE connect_sessions (
    id               TEXT PRIMARY KEY,
    token_hash       TEXT NOT NULL UNIQUE,
    vendor_id        TEXT NOT NULL REFERENCES vendors (id),
    workspace_id     TEXT NOT NULL REFERENCES workspaces (id),
    api_key_id       TEXT NOT NULL REFERENCES api_keys (id),
    mode             TEXT NOT NULL DEFAULT 'live',
    integration_type TEXT NOT NULL,
    origin           TEXT NOT NULL,
    state            TEXT,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    opened_at        BIGINT,
    consumed_at      BIGINT,
    claim_id         TEXT,
    claimed_until    BIGINT,
    outcome          TEXT,
    failure_reason   TEXT
);
CREATE INDEX connect_sessions_by_vendor ON connect_sessions (vendor_id, created_at);
CREATE INDEX connect_sessions_by_expiry ON connect_sessions (expires_at);

-- The WhatsApp Business account connected to a workspace; reconnecting updates it.
-- Secrets are AEAD ciphertexts with the id of the key that sealed them.
CREATE TABLE whatsapp_connections (
    workspace_id      TEXT PRIMARY KEY REFERENCES workspaces (id),
    waba_id           TEXT NOT NULL,
    phone_number_id   TEXT,
    business_id       TEXT,
    token_ciphertext  TEXT NOT NULL,
    pin_ciphertext    TEXT,
    key_id            TEXT NOT NULL,
    connected_at      BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);

-- Facebook Pages connected to a workspace; reconnecting a page updates it.
CREATE TABLE page_connections (
    workspace_id     TEXT NOT NULL REFERENCES workspaces (id),
    page_id          TEXT NOT NULL,
    name             TEXT NOT NULL,
    category         TEXT NOT NULL,
    token_ciphertext TEXT NOT NULL,
    key_id           TEXT NOT NULL,
    connected_at     BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, page_id)
);

-- Who did what, when and from where. Never holds a secret.
-- actor_kind: 'staff', 'api_key', 'cli' or 'system'.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    occurred_at BIGINT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    TEXT,
    action      TEXT NOT NULL,
    target_kind TEXT,
    target_id   TEXT,
    source_ip   TEXT,
    detail      TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (occurred_at);

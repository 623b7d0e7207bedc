-- What happens after the connect: Meta's webhook events, each connection's state and
-- history, token health checks and data deletion requests.

-- A connection keeps its row (its state and history) once it is disconnected, but no
-- token: the token columns become optional. SQLite cannot drop NOT NULL in place, so
-- both tables are rebuilt. New columns:
--   status_reason  why the state was entered (`app_uninstalled`, `token_invalid`, ...)
--   status_detail  what Meta said, as JSON (ban or restriction information)
--   next_check_at  when the token health check looks at the token next
CREATE TABLE whatsapp_connections_v2 (
    workspace_id        TEXT PRIMARY KEY REFERENCES workspaces (id),
    waba_id             TEXT NOT NULL,
    phone_number_id     TEXT,
    business_id         TEXT,
    token_ciphertext    TEXT,
    pin_ciphertext      TEXT,
    key_id              TEXT,
    connected_at        BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'active',
    status_at           BIGINT,
    status_reason       TEXT,
    status_detail       TEXT,
    quality_rating      TEXT,
    display_name        TEXT,
    display_name_status TEXT,
    next_check_at       BIGINT
);
INSERT INTO whatsapp_connections_v2 (workspace_id, waba_id, phone_number_id, business_id, token_ciphertext,
    pin_ciphertext, key_id, connected_at, updated_at, status, status_at)
    SELECT workspace_id, waba_id, phone_number_id, business_id, token_ciphertext, pin_ciphertext, key_id,
        connected_at, updated_at, status, status_at
    FROM whatsapp_connections;
DROP TABLE whatsapp_connections;
ALTER TABLE whatsapp_connections_v2 RENAME TO whatsapp_connections;
CREATE INDEX whatsapp_connections_by_waba ON whatsapp_connections (waba_id);
CREATE INDEX whatsapp_connections_by_check ON whatsapp_connections (next_check_at);

-- `user_id`: the Facebook user (app-scoped id) whose login gave the page token, so that
-- Meta's Deauthorize and Data Deletion callbacks find that person's pages.
CREATE TABLE page_connections_v2 (
    workspace_id     TEXT NOT NULL REFERENCES workspaces (id),
    page_id          TEXT NOT NULL,
    name             TEXT NOT NULL,
    category         TEXT NOT NULL,
    token_ciphertext TEXT,
    key_id           TEXT,
    connected_at     BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    user_id          TEXT,
    status           TEXT NOT NULL DEFAULT 'active',
    status_at        BIGINT,
    status_reason    TEXT,
    next_check_at    BIGINT,
    PRIMARY KEY (workspace_id, page_id)
);
INSERT INTO page_connections_v2 (workspace_id, page_id, name, category, token_ciphertext, key_id, connected_at,
    updated_at, status_at)
    SELECT workspace_id, page_id, name, category, token_ciphertext, key_id, connected_at, updated_at, connected_at
    FROM page_connections;
DROP TABLE page_connections;
ALTER TABLE page_connections_v2 RENAME TO page_connections;
CREATE INDEX page_connections_by_user ON page_connections (user_id);
CREATE INDEX page_connections_by_check ON page_connections (next_check_at);

-- The user of a Pages login, kept with the tokens listed for the session.
ALTER TABLE pending_page_tokens ADD COLUMN user_id TEXT;

-- Each change Meta delivered to the app's webhook, stored before it is acknowledged and
-- processed from here (at least once; `entry_key` makes Meta's retries of the same change
-- one row). `mode`: 'live' (Meta) or 'test' (made by the simulator for a test key).
-- outcome: what processing did, for staff (`disconnected`, `unclaimed`, `no_change`, ...).
CREATE TABLE meta_events (
    id              TEXT PRIMARY KEY,
    entry_key       TEXT NOT NULL UNIQUE,
    mode            TEXT NOT NULL,
    object          TEXT NOT NULL,
    field           TEXT NOT NULL,
    event           TEXT,
    waba_id         TEXT,
    value           TEXT NOT NULL,
    entry_time      BIGINT,
    received_at     BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    processed_at    BIGINT,
    outcome         TEXT,
    workspace_id    TEXT
);
CREATE INDEX meta_events_due ON meta_events (processed_at, next_attempt_at);
CREATE INDEX meta_events_by_workspace ON meta_events (workspace_id, received_at);
CREATE INDEX meta_events_by_waba ON meta_events (waba_id);

-- Every state a connection entered, with why and from where (`meta`, `token_check`,
-- `vendor_api`, `connect`, `deauthorize`, `data_deletion`). Erased with its workspace.
CREATE TABLE connection_history (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    status       TEXT NOT NULL,
    reason       TEXT,
    source       TEXT NOT NULL,
    occurred_at  BIGINT NOT NULL
);
CREATE INDEX connection_history_by_workspace ON connection_history (workspace_id, occurred_at);

-- Meta's Data Deletion callbacks: what the person can check at the status URL. The
-- person's id is not kept.
CREATE TABLE data_deletion_requests (
    confirmation_code TEXT PRIMARY KEY,
    received_at       BIGINT NOT NULL,
    completed_at      BIGINT,
    pages_removed     BIGINT NOT NULL DEFAULT 0
);

-- WhatsApp Business app numbers that keep the app (coexistence).
--
-- A vendor's default, set by staff, and each session's choice: whether the WhatsApp
-- page offers to keep the app. 0 or 1.
ALTER TABLE vendors ADD COLUMN coexistence_default BIGINT NOT NULL DEFAULT 0;
ALTER TABLE connect_sessions ADD COLUMN coexistence BIGINT NOT NULL DEFAULT 0;
-- A connection whose number stays on the WhatsApp Business app: it is never registered
-- (registering would take it off the app).
ALTER TABLE whatsapp_connections ADD COLUMN coexistence BIGINT NOT NULL DEFAULT 0;

-- The two one-time requests after a coexistence onboarding, contacts then chat
-- history (Meta's `smb_app_data`), one row each per onboarding: a new onboarding of
-- the workspace replaces them. `state`:
--   pending     not asked yet (asked right after the onboarding, else by the worker)
--   requesting  one instance is asking Meta now
--   requested   Meta accepted (`request_id`)
--   refused     Meta refused (`error_code`)
--   expired     the onboarding is more than 24 hours old: never asked
--   unknown     the request may have reached Meta but its answer was lost: never asked
--               again (Meta allows one)
--   in_progress history arriving (`phase`, `progress`)
--   completed   history complete (progress 100)
--   declined    the customer declined to share the history
-- `items`: contacts or messages passed on to the vendor so far.
CREATE TABLE coexistence_syncs (
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    sync_type       TEXT NOT NULL,
    phone_number_id TEXT NOT NULL,
    onboarded_at    BIGINT NOT NULL,
    state           TEXT NOT NULL,
    request_id      TEXT,
    error_code      BIGINT,
    phase           BIGINT,
    progress        BIGINT,
    items           BIGINT NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, sync_type)
);
CREATE INDEX coexistence_syncs_by_state ON coexistence_syncs (state, updated_at);

-- Deliveries whose payload carries the customer's messages or contacts keep it only
-- until the delivery ends (delivered or given up): then the payload is emptied, and the
-- delivery cannot be sent again.
ALTER TABLE webhook_deliveries ADD COLUMN ephemeral BIGINT NOT NULL DEFAULT 0;

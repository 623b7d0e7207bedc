-- Whether each connected WhatsApp number can send messages, as Meta's `health_status`
-- last said, and what stands in the way (`blockers`, a JSON array of
-- {code, entity, meta_code, description, solution}). `can_send`: `available`,
-- `limited`, `blocked`, or `unknown` before Meta's first answer. One row per number
-- of a workspace; checked after the signup, when one of Meta's changes may have moved
-- it, and by the periodic check (`next_check_at`, taken and re-planned in one
-- statement so that several instances never check one number twice at once).
--
-- `registration`: `done` (registered, or never registered: a WhatsApp Business app
-- number), `awaiting_name` (the display name was pending at the signup: registered by
-- the product once Meta approves the name, with the PIN sealed here), `registering`
-- (one instance is registering it now), `failed` (Meta refused or its answer was lost;
-- `registration_error` says which; never tried again by itself).
CREATE TABLE number_readiness (
    workspace_id       TEXT NOT NULL REFERENCES workspaces (id),
    phone_number_id    TEXT NOT NULL,
    can_send           TEXT NOT NULL,
    blockers           TEXT NOT NULL,
    checked_at         BIGINT,
    next_check_at      BIGINT NOT NULL,
    registration       TEXT NOT NULL,
    registration_error TEXT,
    pin_ciphertext     TEXT,
    pin_source         TEXT,
    key_id             TEXT,
    updated_at         BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, phone_number_id)
);
CREATE INDEX number_readiness_due ON number_readiness (next_check_at);

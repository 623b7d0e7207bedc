-- Embedded Signup as Meta runs it in 2026 (see the README's "Meta" section).

-- A signup in progress on a session: the business token from the code exchange
-- (sealed), and what Meta's signup event named. The code and the event arrive
-- separately; whichever comes second completes, when both are of the same attempt
-- (one run of Meta's dialog, named by the page). Kept with the session.
CREATE TABLE whatsapp_signups (
    session_id       TEXT PRIMARY KEY REFERENCES connect_sessions (id) ON DELETE CASCADE,
    token_attempt    TEXT,
    event_attempt    TEXT,
    token_ciphertext TEXT,
    key_id           TEXT,
    token_expires_at BIGINT,
    exchanged_at     BIGINT,
    event            TEXT,
    waba_id          TEXT,
    phone_number_id  TEXT,
    business_id      TEXT,
    event_at         BIGINT,
    waba_name        TEXT,
    phone_display    TEXT,
    verified_at      BIGINT,
    updated_at       BIGINT NOT NULL
);

-- Two-step verification PINs, one per phone number (not per workspace), sealed. A PIN is
-- stored before register is called with it. source: 'generated' or 'customer'.
CREATE TABLE phone_pins (
    phone_number_id TEXT PRIMARY KEY,
    pin_ciphertext  TEXT NOT NULL,
    key_id          TEXT NOT NULL,
    source          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- What the customer did in Meta's dialog, for the funnel and for support: the last
-- Embedded Signup event, the step a CANCEL left at, and a reported error (JSON).
ALTER TABLE connect_sessions ADD COLUMN meta_event TEXT;
ALTER TABLE connect_sessions ADD COLUMN meta_step TEXT;
ALTER TABLE connect_sessions ADD COLUMN meta_error TEXT;

-- A WhatsApp connection's state: 'active' (registered), 'needs_phone_number' (the WABA
-- is shared and subscribed, no number yet) or 'needs_registration' (registering the
-- number has not succeeded yet). Only active connections are reported to vendors.
ALTER TABLE whatsapp_connections ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE whatsapp_connections ADD COLUMN status_at BIGINT;

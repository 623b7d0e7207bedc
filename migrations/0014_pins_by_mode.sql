-- Two-step verification PINs are kept per mode: a test session's number and a live one
-- never share a PIN. A PIN becomes a number's PIN only once Meta accepted a register
-- with it; until then it stays on the signup that holds it (typed by the customer for
-- the number that signup verified, or generated for a number without one). PINs kept
-- before are live ones (sealed for `phone_pins/{phone_number_id}` as before).
CREATE TABLE phone_pins_v2 (
    mode            TEXT NOT NULL,
    phone_number_id TEXT NOT NULL,
    pin_ciphertext  TEXT NOT NULL,
    key_id          TEXT NOT NULL,
    source          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (mode, phone_number_id)
);
INSERT INTO phone_pins_v2 (mode, phone_number_id, pin_ciphertext, key_id, source, created_at, updated_at)
    SELECT 'live', phone_number_id, pin_ciphertext, key_id, source, created_at, updated_at FROM phone_pins;
DROP TABLE phone_pins;
ALTER TABLE phone_pins_v2 RENAME TO phone_pins;

-- The PIN a signup holds until Meta accepts it (sealed for
-- `whatsapp_signups/{session_id}/pin`), with its own key id, and where it came from
-- ('customer' or 'generated').
ALTER TABLE whatsapp_signups ADD COLUMN pin_ciphertext TEXT;
ALTER TABLE whatsapp_signups ADD COLUMN pin_key_id TEXT;
ALTER TABLE whatsapp_signups ADD COLUMN pin_source TEXT;

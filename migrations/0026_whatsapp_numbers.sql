-- Several WhatsApp numbers per workspace. The workspace's first number stays in
-- `whatsapp_connections` (the contract's single fields keep meaning it); each number a
-- later session adds (on the same WABA or another) is a row here, with the business
-- token of the signup that shared it, sealed. Disconnecting one leaves the others.
-- `status`: `active`, `disconnected`, `restricted` or `token_invalid`, as a connection's.
CREATE TABLE whatsapp_numbers (
    workspace_id         TEXT NOT NULL REFERENCES workspaces (id),
    phone_number_id      TEXT NOT NULL,
    waba_id              TEXT NOT NULL,
    display_phone_number TEXT,
    token_ciphertext     TEXT,
    key_id               TEXT,
    status               TEXT NOT NULL,
    status_reason        TEXT,
    connected_at         BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, phone_number_id)
);
CREATE INDEX whatsapp_numbers_by_waba ON whatsapp_numbers (waba_id);

-- How Meta displays the first number, as the added ones keep it.
ALTER TABLE whatsapp_connections ADD COLUMN display_phone_number TEXT;

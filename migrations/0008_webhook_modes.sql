-- A vendor has a live endpoint and a test endpoint, each with its own signing secret:
-- test-mode events go to the test endpoint only. The existing endpoint is the live one.
CREATE TABLE webhook_endpoints_by_mode (
    vendor_id         TEXT NOT NULL REFERENCES vendors (id),
    mode              TEXT NOT NULL,
    url               TEXT NOT NULL,
    secret_ciphertext TEXT NOT NULL,
    key_id            TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    disabled_at       BIGINT,
    disabled_reason   TEXT,
    PRIMARY KEY (vendor_id, mode)
);
INSERT INTO webhook_endpoints_by_mode
    SELECT vendor_id, 'live', url, secret_ciphertext, key_id, created_at, updated_at, disabled_at, disabled_reason
    FROM webhook_endpoints;
DROP TABLE webhook_endpoints;
ALTER TABLE webhook_endpoints_by_mode RENAME TO webhook_endpoints;

-- Each delivery goes to the endpoint of its event's mode. Deliveries still queued keep
-- going where their event says: test events to the test endpoint.
ALTER TABLE webhook_deliveries ADD COLUMN mode TEXT NOT NULL DEFAULT 'live';
UPDATE webhook_deliveries SET mode = 'test' WHERE payload LIKE '%"livemode":false%';


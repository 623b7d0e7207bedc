-- Webhooks: one endpoint per vendor, and a durable queue of deliveries with every attempt.
CREATE TABLE webhook_endpoints (
    vendor_id         TEXT PRIMARY KEY REFERENCES vendors (id),
    url               TEXT NOT NULL,
    secret_ciphertext TEXT NOT NULL,
    key_id            TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    disabled_at       BIGINT,
    disabled_reason   TEXT
);

-- state: 'pending' (next_attempt_at says when), 'delivered' or 'failed' (gave up, or 410).
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    vendor_id       TEXT NOT NULL REFERENCES vendors (id),
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    state           TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_status     BIGINT,
    last_error      TEXT,
    delivered_at    BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_by_vendor ON webhook_deliveries (vendor_id, created_at);

CREATE TABLE webhook_attempts (
    id           TEXT PRIMARY KEY,
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at BIGINT NOT NULL,
    status       BIGINT,
    error        TEXT,
    duration_ms  BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempted_at);

-- A delivery's attempts go with it. Erasing a workspace deletes its deliveries while
-- the delivery worker of another instance may be recording an attempt of one of them:
-- with a plain reference, the attempt recorded between the erasure's two deletes made
-- the second fail. With ON DELETE CASCADE the erasure deletes the deliveries alone,
-- after any attempt being recorded (or the attempt fails, its delivery gone).
CREATE TABLE webhook_attempts_v2 (
    id           TEXT PRIMARY KEY,
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at BIGINT NOT NULL,
    status       BIGINT,
    error        TEXT,
    duration_ms  BIGINT NOT NULL
);
INSERT INTO webhook_attempts_v2 (id, delivery_id, attempted_at, status, error, duration_ms)
    SELECT id, delivery_id, attempted_at, status, error, duration_ms FROM webhook_attempts;
DROP TABLE webhook_attempts;
ALTER TABLE webhook_attempts_v2 RENAME TO webhook_attempts;
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempted_at);

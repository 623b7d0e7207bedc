-- Each delivery names the workspace its event is about (its account_id), so erasing the
-- workspace erases its deliveries too: their payloads carry the customer's externalId,
-- ids and page names. Deliveries queued before carry it in their payload only; erasure
-- finds those by it.
ALTER TABLE webhook_deliveries ADD COLUMN account_id TEXT;
CREATE INDEX webhook_deliveries_by_account ON webhook_deliveries (account_id);

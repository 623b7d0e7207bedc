-- A number the customer adds on the connect page to a WABA shared without one: Meta's
-- id for it (from `POST {waba_id}/phone_numbers`) and how it is displayed, kept with the
-- signup while Meta's code is on its way. Once the code is verified it becomes the
-- signup's number (`phone_number_id`) and these are cleared.
ALTER TABLE whatsapp_signups ADD COLUMN added_phone_id TEXT;
ALTER TABLE whatsapp_signups ADD COLUMN added_phone_display TEXT;
ALTER TABLE whatsapp_signups ADD COLUMN code_sent_at BIGINT;

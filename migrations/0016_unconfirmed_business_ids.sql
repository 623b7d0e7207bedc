-- The business id a signup event names is only the browser's word: nothing of Meta's
-- confirms it, so it is no longer kept or sent to vendors. The values kept so far go too.
UPDATE whatsapp_connections SET business_id = NULL;
UPDATE whatsapp_signups SET business_id = NULL;

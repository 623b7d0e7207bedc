-- What a vendor already knows about its customer's business, given with a WhatsApp
-- session (`prefill`) and passed to Meta's Embedded Signup as pre-filled data
-- (`extras.setup`): checked JSON in Meta's shape, or NULL. A setup link keeps it with
-- the rest of its session request.
ALTER TABLE connect_sessions ADD COLUMN prefill TEXT;
ALTER TABLE setup_links ADD COLUMN prefill TEXT;

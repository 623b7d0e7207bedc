-- The language the vendor chose for a session's connect page (a BCP 47 tag such as
-- `pt-BR`); NULL: the customer's browser decides.
ALTER TABLE connect_sessions ADD COLUMN locale TEXT;

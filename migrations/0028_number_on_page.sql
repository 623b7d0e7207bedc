-- A WhatsApp session whose vendor asked for the number to be added on the connect page:
-- Meta's window then shares only the account (`featureType: 'only_waba_sharing'`), and
-- the customer adds and verifies the number on the add-number page. 1 or 0. A setup link
-- keeps it with the rest of its session request.
ALTER TABLE connect_sessions ADD COLUMN number_on_page INTEGER NOT NULL DEFAULT 0;
ALTER TABLE setup_links ADD COLUMN number_on_page INTEGER NOT NULL DEFAULT 0;

-- Page access tokens fetched while the customer chooses pages on the Facebook Pages
-- connect page. They stay on the server (sealed) until the chosen pages are connected,
-- and are deleted with the session's completion or by the sweeper with the session.
CREATE TABLE pending_page_tokens (
    session_id       TEXT NOT NULL REFERENCES connect_sessions (id) ON DELETE CASCADE,
    page_id          TEXT NOT NULL,
    name             TEXT NOT NULL,
    category         TEXT NOT NULL,
    token_ciphertext TEXT NOT NULL,
    key_id           TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (session_id, page_id)
);

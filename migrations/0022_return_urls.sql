-- Where a vendor's customers are sent back when the connect page has no window to post
-- its result to (a mobile app, a link opened on another device, an app's built-in
-- browser). Exact URLs registered by staff: a session may name one of them only, so the
-- connect page never redirects anywhere a request chose.
CREATE TABLE return_urls (
    vendor_id  TEXT NOT NULL REFERENCES vendors (id),
    url        TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (vendor_id, url)
);

-- The return URL a session named (one of its vendor's at the time), if any.
ALTER TABLE connect_sessions ADD COLUMN return_url TEXT;

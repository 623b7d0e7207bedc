-- Rate limits and sign-in throttling over fixed windows (PostgreSQL; a SQLite
-- deployment, one instance, counts in memory). One row per bucket.
CREATE TABLE rate_windows (
    bucket       TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count        BIGINT NOT NULL
);

-- A vendor's API requests per minute, set by staff; NULL: the default.
ALTER TABLE vendors ADD COLUMN rate_limit_per_minute BIGINT;

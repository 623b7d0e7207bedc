-- A counter raised by every change to API keys, vendors' activation and limits, and
-- allowed origins. Each instance (and each CLI run) keeps those in memory and reads
-- this counter every half second: when it moved, the instance forgets what it kept.
CREATE TABLE access_version (
    id      BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO access_version (id, version) VALUES (1, 0);

-- Meta's Data Deletion callback, answered once per signed request: Meta sending the same
-- request again gets the same confirmation code, and no second request is recorded.
-- `request_hash` is the SHA-256 of the signed request (the person's id is not kept).
ALTER TABLE data_deletion_requests ADD COLUMN request_hash TEXT;
CREATE UNIQUE INDEX data_deletion_requests_by_request ON data_deletion_requests (request_hash);

-- A Facebook Pages session whose customer asked Meta to delete their data while it was
-- in progress: the page tokens it listed are gone, and it lists no more.
ALTER TABLE connect_sessions ADD COLUMN pages_forgotten_at BIGINT;

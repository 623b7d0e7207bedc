-- What a completed session answered (the result posted to the vendor's window; ids and
-- the vendor's state, never a token), so that the same page asking again gets the same
-- answer after a lost response.
ALTER TABLE connect_sessions ADD COLUMN completed_result TEXT;

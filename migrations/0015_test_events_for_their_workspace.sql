-- A test key's simulated Meta change is meant for one of that vendor's test workspaces:
-- it reaches that workspace only, even when other vendors' test workspaces hold the same
-- simulated account. Empty for Meta's own (live) changes, which reach every workspace
-- connected to the account.
ALTER TABLE meta_events ADD COLUMN target_workspace_id TEXT;

-- Test mode: what the simulated Meta answers for `health_status` of the numbers a token
-- reads, once a test key moved it: `NO_PAYMENT_METHOD`, `BUSINESS_NOT_VERIFIED`, or
-- `AVAILABLE` (nothing the simulated number's own state would limit); NULL: what the
-- simulated number itself says. Kept on the workspace's own token, so that other test
-- workspaces of the same simulated account are not moved with it.
ALTER TABLE simulator_grants ADD COLUMN health TEXT;

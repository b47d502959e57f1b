-- Credits, as whole thousandths. NULL on an account: unlimited.
ALTER TABLE accounts ADD COLUMN credits INTEGER;

ALTER TABLE jobs ADD COLUMN credits_per_second INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN credits_reserved INTEGER NOT NULL DEFAULT 0;
-- Set when the job ends: what it cost (0 when it failed or was cancelled).
ALTER TABLE jobs ADD COLUMN credits_charged INTEGER;
ALTER TABLE jobs ADD COLUMN credits_settled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN rendered_seconds REAL;

CREATE INDEX jobs_usage ON jobs (account_id, updated_at) WHERE stage IN ('completed', 'failed', 'cancelled');

-- Retention: a completed video's outputs are deleted some days after completion; the job stays, marked expired.
ALTER TABLE jobs ADD COLUMN expired_at INTEGER;

CREATE INDEX jobs_retention ON jobs (completed_at) WHERE stage = 'completed' AND expired_at IS NULL;

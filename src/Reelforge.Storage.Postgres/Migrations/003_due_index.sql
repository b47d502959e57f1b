-- Claims walk the due jobs in order. The index they used held every version of every job's row (the
-- `queued` entries of jobs claimed long ago stay until VACUUM), and the planner read it as a bitmap,
-- which never learns that an entry is dead: 400 heap pages a claim after 4,000 jobs. This index
-- holds only jobs waiting to be claimed, in claim order, and an ordered index scan marks the dead
-- entries it passes, so the next claim skips them without reading the table.
CREATE INDEX jobs_due ON jobs (run_at, seq) WHERE stage = 'queued' AND lease_token IS NULL;
DROP INDEX jobs_claim;
-- Most of a busy queue's rows are dead versions between vacuums: vacuum after a thousand of them
-- rather than after a fifth of the table.
ALTER TABLE jobs SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 1000);

-- Every job that ends adds to its account's usage row for the day, and that row stays locked until
-- the job's transaction commits: with one row a day, an account's endings waited for each other
-- (18 ms each with sixteen workers finishing jobs of one account). A day is now spread over up to
-- 64 rows, chosen by the job's id, so sixteen workers rarely meet; reads add them up.
ALTER TABLE usage_daily ADD COLUMN shard smallint NOT NULL DEFAULT 0;
ALTER TABLE usage_daily DROP CONSTRAINT usage_daily_pkey;
ALTER TABLE usage_daily ADD PRIMARY KEY (account_id, day, shard);

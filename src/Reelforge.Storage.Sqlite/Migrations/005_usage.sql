-- Usage is a ledger written when each job ends, so deleting a video does not rewrite history.
CREATE TABLE usage_daily (
  account_id        TEXT NOT NULL,
  day               TEXT NOT NULL,                 -- UTC, YYYY-MM-DD
  completed         INTEGER NOT NULL DEFAULT 0,
  failed            INTEGER NOT NULL DEFAULT 0,
  cancelled         INTEGER NOT NULL DEFAULT 0,
  seconds_rendered  REAL NOT NULL DEFAULT 0,
  credits           INTEGER NOT NULL DEFAULT 0,    -- thousandths charged
  PRIMARY KEY (account_id, day)
);

DROP INDEX jobs_usage;

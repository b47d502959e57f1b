-- Times are Unix milliseconds, always passed in by the application (no now() in SQL).
CREATE TABLE accounts (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  account_id   TEXT NOT NULL REFERENCES accounts(id),
  key_hash     TEXT NOT NULL UNIQUE,
  display      TEXT NOT NULL,
  scopes       TEXT NOT NULL,            -- comma-separated
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER,
  last_used_at INTEGER
);

CREATE TABLE jobs (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,  -- list order and cursor
  id                TEXT NOT NULL UNIQUE,
  account_id        TEXT NOT NULL,
  spec              TEXT NOT NULL,                      -- JSON VideoSpec
  stage             TEXT NOT NULL,
  progress          INTEGER NOT NULL DEFAULT 0,
  attempt           INTEGER NOT NULL DEFAULT 0,
  max_attempts      INTEGER NOT NULL,
  cancel_requested  INTEGER NOT NULL DEFAULT 0,
  retrying          INTEGER NOT NULL DEFAULT 0,
  lease_token       TEXT,
  lease_expires_at  INTEGER,
  run_at            INTEGER NOT NULL,
  error_code        TEXT,
  error_message     TEXT,
  scenes            TEXT NOT NULL DEFAULT '[]',         -- JSON [SceneState]
  timeline          TEXT,                               -- JSON Timeline, fixed at script_ready
  outputs           TEXT,                               -- JSON JobOutputs
  idempotency_key   TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  started_at        INTEGER,
  completed_at      INTEGER
);

CREATE INDEX jobs_claim ON jobs (stage, run_at, seq);
CREATE INDEX jobs_account ON jobs (account_id, seq);
CREATE INDEX jobs_lease ON jobs (lease_expires_at) WHERE lease_token IS NOT NULL;
CREATE UNIQUE INDEX jobs_idempotency ON jobs (account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Append-only: the one source for history, server-sent events and webhooks.
CREATE TABLE job_events (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id      TEXT NOT NULL,
  type        TEXT NOT NULL,
  stage       TEXT NOT NULL,
  progress    INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE INDEX job_events_job ON job_events (job_id, seq);

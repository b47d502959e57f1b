-- Webhooks: per-video URLs, account endpoints, and the outbox the job store writes in each event's transaction.
ALTER TABLE jobs ADD COLUMN webhook_url TEXT;
-- The API that created the job: its webhook carries that dialect's status body.
ALTER TABLE jobs ADD COLUMN dialect TEXT NOT NULL DEFAULT 'openai';

CREATE TABLE webhook_endpoints (
  seq                    INTEGER PRIMARY KEY AUTOINCREMENT,  -- list order and cursor
  id                     TEXT NOT NULL UNIQUE,
  account_id             TEXT NOT NULL,
  name                   TEXT NOT NULL,
  url                    TEXT NOT NULL,
  event_types            TEXT NOT NULL,                      -- ',video.completed,video.failed,' (commas around each)
  secret                 TEXT NOT NULL,
  previous_secret        TEXT,                               -- still signs, beside the new one, until:
  previous_secret_until  INTEGER,
  created_at             INTEGER NOT NULL,
  updated_at             INTEGER NOT NULL
);

CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id, seq);

-- Signs deliveries to videos' own webhook URLs.
CREATE TABLE account_webhook_secrets (
  account_id  TEXT PRIMARY KEY,
  secret      TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT NOT NULL UNIQUE,                     -- msg_…: the webhook-id, the same on every attempt
  account_id       TEXT NOT NULL,
  endpoint_id      TEXT,                                     -- null: the video's own webhook_url
  job_id           TEXT NOT NULL,
  event_seq        INTEGER NOT NULL,
  event_type       TEXT NOT NULL,
  event_created_at INTEGER NOT NULL,
  dialect          TEXT NOT NULL,
  url              TEXT NOT NULL,
  payload          TEXT,                                     -- fixed at the first attempt
  state            TEXT NOT NULL DEFAULT 'pending',          -- pending | delivered | failed
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  held_until       INTEGER,                                  -- claimed for an attempt until then
  last_status      INTEGER,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_account ON webhook_deliveries (account_id, seq);

CREATE TABLE webhook_attempts (
  delivery_id   TEXT NOT NULL,
  attempt       INTEGER NOT NULL,
  status_code   INTEGER,
  error         TEXT,
  latency_ms    INTEGER NOT NULL,
  attempted_at  INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);

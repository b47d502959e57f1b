-- The same schema as SQLite's migrations 001-006, in PostgreSQL's types. Times are Unix
-- milliseconds (bigint), always passed in by the application (no now() in SQL); list cursors and
-- event sequence numbers are bigint identities.
CREATE TABLE accounts (
  id          text PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  created_at  bigint NOT NULL,
  credits     bigint                                 -- thousandths; NULL: unlimited
);

CREATE TABLE api_keys (
  id           text PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts(id),
  key_hash     text NOT NULL UNIQUE,
  display      text NOT NULL,
  scopes       text NOT NULL,                        -- comma-separated
  created_at   bigint NOT NULL,
  revoked_at   bigint,
  last_used_at bigint
);

CREATE TABLE jobs (
  seq                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- list order and cursor
  id                  text NOT NULL UNIQUE,
  account_id          text NOT NULL,
  spec                text NOT NULL,                 -- JSON VideoSpec
  stage               text NOT NULL,
  progress            bigint NOT NULL DEFAULT 0,
  attempt             bigint NOT NULL DEFAULT 0,
  max_attempts        bigint NOT NULL,
  cancel_requested    boolean NOT NULL DEFAULT false,
  retrying            boolean NOT NULL DEFAULT false,
  lease_token         text,
  lease_expires_at    bigint,
  run_at              bigint NOT NULL,
  error_code          text,
  error_message       text,
  scenes              text NOT NULL DEFAULT '[]',    -- JSON [SceneState]
  timeline            text,                          -- JSON Timeline, fixed at script_ready
  outputs             text,                          -- JSON JobOutputs
  idempotency_key     text,
  created_at          bigint NOT NULL,
  updated_at          bigint NOT NULL,
  started_at          bigint,
  completed_at        bigint,
  webhook_url         text,
  dialect             text NOT NULL DEFAULT 'openai',
  expired_at          bigint,
  credits_per_second  bigint NOT NULL DEFAULT 0,
  credits_reserved    bigint NOT NULL DEFAULT 0,
  credits_charged     bigint,                        -- set when the job ends (0 when failed or cancelled)
  credits_settled     boolean NOT NULL DEFAULT false,
  rendered_seconds    double precision
);

CREATE INDEX jobs_claim ON jobs (stage, run_at, seq);
CREATE INDEX jobs_account ON jobs (account_id, seq);
CREATE INDEX jobs_lease ON jobs (lease_expires_at) WHERE lease_token IS NOT NULL;
CREATE UNIQUE INDEX jobs_idempotency ON jobs (account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_retention ON jobs (completed_at) WHERE stage = 'completed' AND expired_at IS NULL;

-- Append-only: the one source for history, server-sent events and webhooks.
CREATE TABLE job_events (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id      text NOT NULL,
  type        text NOT NULL,
  stage       text NOT NULL,
  progress    bigint NOT NULL,
  created_at  bigint NOT NULL,
  message     text
);

CREATE INDEX job_events_job ON job_events (job_id, seq);

CREATE TABLE webhook_endpoints (
  seq                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                     text NOT NULL UNIQUE,
  account_id             text NOT NULL,
  name                   text NOT NULL,
  url                    text NOT NULL,
  event_types            text NOT NULL,              -- ',video.completed,video.failed,' (commas around each)
  secret                 text NOT NULL,
  previous_secret        text,
  previous_secret_until  bigint,
  created_at             bigint NOT NULL,
  updated_at             bigint NOT NULL
);

CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id, seq);

CREATE TABLE account_webhook_secrets (
  account_id  text PRIMARY KEY,
  secret      text NOT NULL,
  created_at  bigint NOT NULL
);

CREATE TABLE webhook_deliveries (
  seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id               text NOT NULL UNIQUE,             -- msg_…: the webhook-id, the same on every attempt
  account_id       text NOT NULL,
  endpoint_id      text,                             -- null: the video's own webhook_url
  job_id           text NOT NULL,
  event_seq        bigint NOT NULL,
  event_type       text NOT NULL,
  event_created_at bigint NOT NULL,
  dialect          text NOT NULL,
  url              text NOT NULL,
  payload          text,
  state            text NOT NULL DEFAULT 'pending',  -- pending | delivered | failed
  attempts         bigint NOT NULL DEFAULT 0,
  next_attempt_at  bigint,
  held_until       bigint,
  last_status      bigint,
  last_error       text,
  created_at       bigint NOT NULL,
  updated_at       bigint NOT NULL
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_account ON webhook_deliveries (account_id, seq);

CREATE TABLE webhook_attempts (
  delivery_id   text NOT NULL,
  attempt       bigint NOT NULL,
  status_code   bigint,
  error         text,
  latency_ms    bigint NOT NULL,
  attempted_at  bigint NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);

-- Usage is a ledger written when each job ends, so deleting a video does not rewrite history.
CREATE TABLE usage_daily (
  account_id        text NOT NULL,
  day               text NOT NULL,                   -- UTC, YYYY-MM-DD
  completed         bigint NOT NULL DEFAULT 0,
  failed            bigint NOT NULL DEFAULT 0,
  cancelled         bigint NOT NULL DEFAULT 0,
  seconds_rendered  double precision NOT NULL DEFAULT 0,
  credits           bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, day)
);

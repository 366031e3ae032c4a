-- The persisted delivery queue: every unsolicited Slack post is written here before it is sent
-- (src/slack/delivery/queue.ts). state: pending → sending → sent | failed (sending → pending on retry).
CREATE TABLE delivery_queue (
  id bigserial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  channel text NOT NULL,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  bytes bytea,
  -- Idempotency key of the delivery this one updates or replies to (sent first).
  depends_on text,
  state text NOT NULL DEFAULT 'pending',
  -- due_at: when the caller wants it sent; not_before: that, or the next retry time.
  due_at timestamptz NOT NULL,
  not_before timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  attempt_at timestamptz,
  -- An earlier attempt may have reached Slack: look for it (from sent_since) before sending again.
  uncertain boolean NOT NULL DEFAULT false,
  sent_since timestamptz,
  lease_owner text,
  lease_until timestamptz,
  last_error text,
  result_ts text,
  result_channel text,
  result_file_id text,
  created_at timestamptz NOT NULL,
  done_at timestamptz,
  CONSTRAINT delivery_queue_state CHECK (state IN ('pending', 'sending', 'sent', 'failed'))
);

CREATE INDEX delivery_queue_open ON delivery_queue (channel, id) WHERE state IN ('pending', 'sending');

CREATE INDEX delivery_queue_failed ON delivery_queue (done_at DESC) WHERE state = 'failed';

-- Per-channel pacing shared by all replicas: no send to `channel` before next_at.
CREATE TABLE delivery_channels (
  channel text PRIMARY KEY,
  next_at timestamptz NOT NULL
);

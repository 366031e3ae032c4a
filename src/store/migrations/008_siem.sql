-- SIEM forwarding (src/app/siem.ts): one row per configured destination, and its outbox. Records are
-- written to the outbox in the same transaction as what they forward; a sent record is deleted.
CREATE TABLE siem_destinations (
  name text PRIMARY KEY,
  configured boolean NOT NULL DEFAULT true,
  state text NOT NULL DEFAULT 'active',
  paused_reason text,
  next_at timestamptz,
  failures integer NOT NULL DEFAULT 0,
  sent_total bigint NOT NULL DEFAULT 0,
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  created_at timestamptz NOT NULL
);

CREATE TABLE siem_outbox (
  id bigserial PRIMARY KEY,
  destination text NOT NULL REFERENCES siem_destinations (name) ON DELETE CASCADE,
  key text NOT NULL,
  kind text NOT NULL,
  at timestamptz NOT NULL,
  body jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  ack_id bigint,
  sent_at timestamptz,
  error text,
  UNIQUE (destination, key)
);

CREATE INDEX siem_outbox_queue ON siem_outbox (destination, state, id);

-- What each channel receives: `digest` now (options: at HH:MM, IANA time zone), alerts later.
CREATE TABLE subscriptions (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  kind text NOT NULL,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (channel, kind)
);

-- Who did what, when: subscription changes now; exports, silences and acknowledgements later.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL DEFAULT '',
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);

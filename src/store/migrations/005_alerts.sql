-- Alerts (src/domain/alerts.ts): one row per fingerprint (rule + entity) and organization; a reopened
-- alert keeps its row and starts a new episode.
CREATE TABLE alerts (
  org text NOT NULL,
  fingerprint text NOT NULL,
  rule text NOT NULL,
  entity text NOT NULL,
  severity text NOT NULL,
  title text NOT NULL,
  facts jsonb NOT NULL,
  advice text NOT NULL,
  link text NOT NULL,
  since text,
  state text NOT NULL,
  episode integer NOT NULL,
  one_shot boolean NOT NULL,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  opened_at timestamptz NOT NULL,
  resolved_at timestamptz,
  notified_at timestamptz,
  acked_by text,
  acked_at timestamptz,
  PRIMARY KEY (org, fingerprint),
  CONSTRAINT alerts_state CHECK (state IN ('open', 'resolved')),
  CONSTRAINT alerts_severity CHECK (severity IN ('critical', 'high', 'medium', 'low'))
);
CREATE INDEX alerts_rule ON alerts (org, rule);
CREATE INDEX alerts_open ON alerts (org) WHERE state = 'open';

-- Silences: a rule, a rule family or a fingerprint, for a time. Ended early by setting ends_at.
CREATE TABLE silences (
  id bigserial PRIMARY KEY,
  org text NOT NULL,
  matcher text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX silences_org ON silences (org, ends_at);

-- The Slack messages that announced alerts: which alert (episode) each one lists, so a change
-- updates every message that shows the alert. delivery_key is the post's key in delivery_queue.
CREATE TABLE alert_messages (
  id bigserial PRIMARY KEY,
  org text NOT NULL,
  channel text NOT NULL,
  delivery_key text NOT NULL UNIQUE,
  thread_updates boolean NOT NULL,
  heading text NOT NULL,
  updates integer NOT NULL DEFAULT 0,
  -- An alert it lists changed while silenced: updated once the silence ends.
  stale boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);

CREATE TABLE alert_message_items (
  message_id bigint NOT NULL REFERENCES alert_messages (id) ON DELETE CASCADE,
  org text NOT NULL,
  fingerprint text NOT NULL,
  episode integer NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (message_id, fingerprint)
);
CREATE INDEX alert_message_items_alert ON alert_message_items (org, fingerprint, episode);

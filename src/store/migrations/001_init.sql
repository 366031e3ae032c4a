-- Every chart the bot posted (or failed to post): what, where, for whom, and how it went.
CREATE TABLE chart_posts (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  channel text NOT NULL,
  requested_by text NOT NULL,
  chart text NOT NULL,
  period text NOT NULL,
  file_id text,
  outcome text NOT NULL,
  duration_ms integer NOT NULL DEFAULT 0
);
CREATE INDEX chart_posts_at ON chart_posts (at);

-- Who opened the bot's Home tab and when: a first-time visitor gets the onboarding, and the Home tabs of
-- recent visitors are republished when an alert changes state (views are per user; Slack keeps the last one).
CREATE TABLE home_visits (
  user_id text PRIMARY KEY,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  visits integer NOT NULL DEFAULT 1
);

CREATE INDEX home_visits_last_at ON home_visits (last_at DESC);

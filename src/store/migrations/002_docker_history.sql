-- Daily history of Insights metrics per organization (metric names: src/domain/insights.ts).
CREATE TABLE daily_points (
  org text NOT NULL,
  day date NOT NULL,
  metric text NOT NULL,
  key text NOT NULL DEFAULT '',
  value double precision NOT NULL,
  source text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, metric, day, key)
);

-- The organization's members as last seen by any source (Hub API, CSV imports). Null = unknown.
CREATE TABLE members (
  org text NOT NULL,
  member_key text NOT NULL,
  username text NOT NULL DEFAULT '',
  name text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  type text NOT NULL DEFAULT 'User',
  role text NOT NULL DEFAULT '',
  teams jsonb,
  date_joined timestamptz,
  last_logged_in_at timestamptz,
  last_seen_at timestamptz,
  last_desktop_version text,
  opted_out_analytics boolean,
  source text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, member_key)
);

-- The activity (audit) log, deduplicated by a hash of the event.
CREATE TABLE activity_events (
  org text NOT NULL,
  id text NOT NULL,
  at timestamptz NOT NULL,
  action text NOT NULL,
  name text NOT NULL DEFAULT '',
  actor text NOT NULL DEFAULT '',
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  description text NOT NULL DEFAULT '',
  PRIMARY KEY (org, id)
);
CREATE INDEX activity_events_at ON activity_events (org, at);

-- Enterprise Data API reports already read, so a re-run adds nothing twice.
CREATE TABLE synced_reports (
  org text NOT NULL,
  report_type text NOT NULL,
  day date NOT NULL,
  rows integer NOT NULL,
  synced_at timestamptz NOT NULL,
  PRIMARY KEY (org, report_type, day)
);

-- Each data source's health: last success, last error in plain words, how fresh its data is.
CREATE TABLE source_status (
  org text NOT NULL,
  source text NOT NULL,
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  data_as_of date,
  detail text NOT NULL DEFAULT '',
  PRIMARY KEY (org, source)
);

-- Files imported from the Admin Console: a file (by content hash) is imported once.
CREATE TABLE imports (
  id bigserial PRIMARY KEY,
  org text NOT NULL,
  kind text NOT NULL,
  filename text NOT NULL,
  sha256 text NOT NULL,
  rows integer NOT NULL,
  imported_at timestamptz NOT NULL,
  imported_by text NOT NULL DEFAULT 'cli',
  UNIQUE (org, sha256)
);

-- The latest settings-compliance report, one row per user or machine.
CREATE TABLE compliance_records (
  org text NOT NULL,
  entity text NOT NULL,
  username text,
  email text,
  machine_id text,
  compliance_status text NOT NULL,
  domain_status text,
  settings_status text,
  assigned_policy text,
  last_policy_fetch timestamptz,
  desktop_version text,
  import_id bigint NOT NULL,
  PRIMARY KEY (org, entity)
);

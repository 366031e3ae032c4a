-- Docker Scout metrics exporter (docker-apis.md §7.1): one row per poll, at most hourly.
CREATE TABLE scout_scrapes (
  id bigserial PRIMARY KEY,
  org text NOT NULL,
  scraped_at timestamptz NOT NULL,
  -- Samples read (every metric) and lines or samples that could not be used.
  samples integer NOT NULL,
  skipped integer NOT NULL DEFAULT 0
);
CREATE INDEX scout_scrapes_org ON scout_scrapes (org, scraped_at DESC);

-- scout_stream_vulnerabilities{streamName, severity} of each scrape; severity lowercased.
CREATE TABLE scout_stream_vulnerabilities (
  scrape_id bigint NOT NULL REFERENCES scout_scrapes (id) ON DELETE CASCADE,
  stream text NOT NULL,
  severity text NOT NULL,
  count double precision NOT NULL,
  PRIMARY KEY (scrape_id, stream, severity)
);

-- scout_policy_compliant_images and scout_policy_evaluated_images{id, displayName, streamName}, joined;
-- NULL when the scrape left that gauge out (or sent NaN).
CREATE TABLE scout_policy_results (
  scrape_id bigint NOT NULL REFERENCES scout_scrapes (id) ON DELETE CASCADE,
  policy_id text NOT NULL,
  display_name text NOT NULL,
  stream text NOT NULL,
  compliant double precision,
  evaluated double precision,
  PRIMARY KEY (scrape_id, policy_id, stream)
);

-- Rises of critical/high vulnerability counts being watched (src/domain/scout-rules.ts): the count before
-- the rise; the row goes when the stream is back at or below it.
CREATE TABLE scout_vulnerability_watches (
  org text NOT NULL,
  stream text NOT NULL,
  severity text NOT NULL,
  baseline double precision NOT NULL,
  since timestamptz NOT NULL,
  PRIMARY KEY (org, stream, severity)
);

-- Results CI posted to POST /ingest/scout (`docker scout cves --format sarif|gitlab`), one row per post.
CREATE TABLE scout_image_scans (
  id bigserial PRIMARY KEY,
  org text NOT NULL,
  image text NOT NULL,
  format text NOT NULL,
  received_at timestamptz NOT NULL,
  critical integer NOT NULL,
  high integer NOT NULL,
  medium integer NOT NULL,
  low integer NOT NULL,
  unspecified integer NOT NULL,
  -- Vulnerabilities at or above the ingest minimum severity (one alert each).
  findings integer NOT NULL
);
CREATE INDEX scout_image_scans_image ON scout_image_scans (org, image, received_at DESC);
CREATE INDEX scout_image_scans_received ON scout_image_scans (org, received_at);

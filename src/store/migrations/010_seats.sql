-- Seats (src/domain/seats.ts): who holds a Docker Business seat, who is idle, and reclaiming idle seats.
-- The Hub members API's `is_guest` (docker-apis.md §3.4); null = no source said.
ALTER TABLE members ADD COLUMN is_guest boolean;

-- A member's last activity: the latest of Desktop use and sign-in (src/domain/seats.ts), kept by the database.
ALTER TABLE members ADD COLUMN last_activity timestamptz GENERATED ALWAYS AS (GREATEST(last_seen_at, last_logged_in_at)) STORED;

-- Invites are matched to members by email too (an invite names a Docker ID or an email).
CREATE INDEX members_email ON members (org, lower(email));

-- Pending invites (GET /v2/orgs/{org}/invites, §3.5): each may take a seat. Replaced whole by each sync.
CREATE TABLE seat_invites (
  org text NOT NULL,
  -- The invitee (a Docker ID or an email), lowercased.
  invite_key text NOT NULL,
  invite_id text NOT NULL DEFAULT '',
  invitee text NOT NULL,
  inviter text NOT NULL DEFAULT '',
  team text NOT NULL DEFAULT '',
  created_at timestamptz,
  source text NOT NULL,
  PRIMARY KEY (org, invite_key)
);

-- Seat use per day (the `seats` chart and the seat report's change): one row per organization and UTC day.
CREATE TABLE seat_snapshots (
  org text NOT NULL,
  day date NOT NULL,
  purchased integer,
  members integer NOT NULL,
  invites integer NOT NULL,
  active integer NOT NULL,
  idle30 integer NOT NULL,
  idle60 integer NOT NULL,
  idle90 integer NOT NULL,
  never_active integer NOT NULL,
  new_members integer NOT NULL,
  exempt integer NOT NULL,
  guests integer NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org, day)
);

-- Members an admin exempted with `/insights seats exempt` (service accounts); SEATS_EXEMPT adds more.
CREATE TABLE seat_exemptions (
  org text NOT NULL,
  username_key text NOT NULL,
  username text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org, username_key)
);

-- Reclaiming: each time a member is asked by DM whether they still need their seat, and what came of it.
-- state: asked, then kept or released, then removed. `not_found`: no Slack user has the member's email.
-- `skipped`: the member was active again (or had left) by the time of the removal.
CREATE TABLE seat_asks (
  id bigserial PRIMARY KEY,
  org text NOT NULL,
  member_key text NOT NULL,
  username text NOT NULL,
  state text NOT NULL,
  slack_user text,
  dm_channel text,
  -- The last activity when asked (the date the DM names); null = never active.
  idle_since timestamptz,
  asked_at timestamptz NOT NULL,
  asked_by text NOT NULL,
  reminded_at timestamptz,
  answered_at timestamptz,
  closed_at timestamptz,
  closed_by text,
  CONSTRAINT seat_asks_state CHECK (state IN ('asked', 'kept', 'released', 'removed', 'skipped', 'not_found'))
);

CREATE INDEX seat_asks_member ON seat_asks (org, member_key, id DESC);

CREATE INDEX seat_asks_open ON seat_asks (org, state) WHERE state IN ('asked', 'released');

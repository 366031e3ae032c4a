/**
 * The seat statuses of src/domain/seats.ts (`classifySeat`) as one SQL query, so counting 100,000 members
 * never brings them through the driver. A test (test/seats-store.test.ts) holds the two to each other.
 *
 * Parameters: $1 org, $2 now, $3 grace days, $4 SEATS_EXEMPT (lowercase usernames and team names).
 * Days are counted in hours (24 × n): `interval 'n days'` would follow the session's time zone across a
 * daylight-saving change, and the domain counts whole 24-hour days.
 */
const LAST_ACTIVITY = 'GREATEST(m.last_seen_at, m.last_logged_in_at)';
const daysBefore = (days: string) => `$2::timestamptz - make_interval(hours => 24 * ${days})`;

export const EXEMPT_BY_CONFIG = `(lower(m.username) = ANY($4::text[]) OR (cardinality($4::text[]) > 0
  AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(COALESCE(m.teams, '[]'::jsonb)) AS t(team)
    WHERE lower(t.team) = ANY($4::text[]))))`;

/** Every member of `$1` with its last activity, its kind, its status and (idle only) its band. */
export const CLASSIFIED_MEMBERS = `
  SELECT m.member_key, m.username, m.name, m.email, m.role, m.teams, m.type, m.is_guest, m.date_joined,
    m.last_logged_in_at, m.last_seen_at, m.last_desktop_version,
    ${LAST_ACTIVITY} AS last_activity,
    CASE WHEN m.last_seen_at IS NULL AND m.last_logged_in_at IS NULL THEN NULL
      WHEN m.last_logged_in_at IS NULL OR m.last_seen_at >= m.last_logged_in_at THEN 'desktop'
      ELSE 'sign-in' END AS activity_kind,
    CASE
      WHEN m.type = 'Invitee' THEN 'invite'
      WHEN x.username_key IS NOT NULL OR ${EXEMPT_BY_CONFIG} THEN 'exempt'
      WHEN ${LAST_ACTIVITY} > ${daysBefore('30')} THEN 'active'
      WHEN m.date_joined > ${daysBefore('$3::int')} THEN 'new'
      WHEN ${LAST_ACTIVITY} IS NULL THEN 'never-active'
      ELSE 'idle' END AS status,
    CASE WHEN ${LAST_ACTIVITY} <= ${daysBefore('90')} THEN 90
      WHEN ${LAST_ACTIVITY} <= ${daysBefore('60')} THEN 60 ELSE 30 END AS band
  FROM members m
  LEFT JOIN seat_exemptions x ON x.org = m.org AND x.username_key = lower(m.username)
  WHERE m.org = $1`;

/** Pending invites of `$1` that are not already a member (or an invitee row of a CSV import). */
export const OPEN_INVITES = `
  SELECT i.invite_key, i.invitee, i.inviter, i.team, i.created_at FROM seat_invites i
  WHERE i.org = $1
    AND NOT EXISTS (SELECT 1 FROM members m WHERE m.org = $1 AND m.member_key = i.invite_key)
    AND NOT EXISTS (SELECT 1 FROM members m WHERE m.org = $1 AND lower(m.email) = i.invite_key)`;

/** The counts of src/domain/seats.ts `SeatCounts`, in one row. */
export const SEAT_COUNTS = `
  WITH c AS (${CLASSIFIED_MEMBERS})
  SELECT
    count(*) FILTER (WHERE status <> 'invite') AS members,
    count(*) FILTER (WHERE status = 'invite') + (SELECT count(*) FROM (${OPEN_INVITES}) AS oi) AS invites,
    count(*) FILTER (WHERE status = 'active') AS active,
    count(*) FILTER (WHERE status = 'idle' AND band = 30) AS idle30,
    count(*) FILTER (WHERE status = 'idle' AND band = 60) AS idle60,
    count(*) FILTER (WHERE status = 'idle' AND band = 90) AS idle90,
    count(*) FILTER (WHERE status = 'never-active') AS never_active,
    count(*) FILTER (WHERE status = 'new') AS new_members,
    count(*) FILTER (WHERE status = 'exempt') AS exempt,
    count(*) FILTER (WHERE status <> 'invite' AND is_guest IS TRUE) AS guests
  FROM c`;

/** Instants as epoch milliseconds: the driver parses a number far faster than a timestamp. */
export const epochMs = (expr: string, as: string) => `(extract(epoch FROM ${expr}) * 1000)::float8 AS ${as}`;

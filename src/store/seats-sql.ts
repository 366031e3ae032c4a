/**
 * The seat statuses of src/domain/seats.ts (`classifySeat`) as one SQL query, so counting 100,000 members
 * never brings them through the driver. A test (test/seats-store.test.ts) holds the two to each other.
 *
 * Parameters: $1 org, $2 now, $3 grace days, $4 SEATS_EXEMPT (lowercase usernames and team names); the
 * usernames exempted by command (table `seat_exemptions`) are added to the list once per query.
 * Days are counted in hours (24 × n): `interval 'n days'` would follow the session's time zone across a
 * daylight-saving change, and the domain counts whole 24-hour days.
 */
/** GREATEST(last_seen_at, last_logged_in_at), a stored column (migration 010). */
const LAST_ACTIVITY = 'm.last_activity';
const daysBefore = (days: string) => `$2::timestamptz - make_interval(hours => 24 * ${days})`;
/** The cut-off instants, worked out once per query (a one-row join kept apart by OFFSET 0), not per member. */
const CUTS = `(SELECT ${daysBefore('30')} AS active, ${daysBefore('$3::int')} AS joined,
  ${daysBefore('60')} AS idle60, ${daysBefore('90')} AS idle90,
  $4::text[] || ARRAY(SELECT username_key FROM seat_exemptions WHERE org = $1) AS exempt OFFSET 0) cut`;

// Usernames in any case; team names as Docker writes them (lowercase). `?|`: any of the names is an element.
export const EXEMPT_BY_CONFIG = `(lower(m.username) = ANY(cut.exempt) OR m.teams ?| $4::text[])`;

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
      WHEN ${EXEMPT_BY_CONFIG} THEN 'exempt'
      WHEN ${LAST_ACTIVITY} > cut.active THEN 'active'
      WHEN m.date_joined > cut.joined THEN 'new'
      WHEN ${LAST_ACTIVITY} IS NULL THEN 'never-active'
      ELSE 'idle' END AS status,
    CASE WHEN ${LAST_ACTIVITY} <= cut.idle90 THEN 90 WHEN ${LAST_ACTIVITY} <= cut.idle60 THEN 60 ELSE 30 END AS band
  FROM members m
  CROSS JOIN ${CUTS}
  WHERE m.org = $1`;

/**
 * Pending invites of `$1` that are not already a member (or an invitee row of a CSV import). `OFFSET 0` keeps
 * each check an index lookup (a few thousand invites) instead of hashing every member twice.
 */
export const OPEN_INVITES = `
  SELECT i.invite_key, i.invitee, i.inviter, i.team, i.created_at FROM seat_invites i
  WHERE i.org = $1
    AND NOT EXISTS (SELECT 1 FROM members m WHERE m.org = $1 AND m.member_key = i.invite_key OFFSET 0)
    AND NOT EXISTS (SELECT 1 FROM members m WHERE m.org = $1 AND lower(m.email) = i.invite_key OFFSET 0)`;

/**
 * The counts of src/domain/seats.ts `SeatCounts`, in one row. Grouped first, so each member's status is
 * worked out once (ten FILTERs over the classified rows would each recompute it).
 */
export const SEAT_COUNTS = `
  WITH g AS (
    SELECT status, band, is_guest IS TRUE AS guest, count(*) AS n FROM (${CLASSIFIED_MEMBERS}) c GROUP BY 1, 2, 3)
  SELECT
    COALESCE(sum(n) FILTER (WHERE status <> 'invite'), 0) AS members,
    COALESCE(sum(n) FILTER (WHERE status = 'invite'), 0) + (SELECT count(*) FROM (${OPEN_INVITES}) AS oi) AS invites,
    COALESCE(sum(n) FILTER (WHERE status = 'active'), 0) AS active,
    COALESCE(sum(n) FILTER (WHERE status = 'idle' AND band = 30), 0) AS idle30,
    COALESCE(sum(n) FILTER (WHERE status = 'idle' AND band = 60), 0) AS idle60,
    COALESCE(sum(n) FILTER (WHERE status = 'idle' AND band = 90), 0) AS idle90,
    COALESCE(sum(n) FILTER (WHERE status = 'never-active'), 0) AS never_active,
    COALESCE(sum(n) FILTER (WHERE status = 'new'), 0) AS new_members,
    COALESCE(sum(n) FILTER (WHERE status = 'exempt'), 0) AS exempt,
    COALESCE(sum(n) FILTER (WHERE status <> 'invite' AND guest), 0) AS guests
  FROM g`;

/** Instants as epoch milliseconds: the driver parses a number far faster than a timestamp. */
export const epochMs = (expr: string, as: string) => `(extract(epoch FROM ${expr}) * 1000)::float8 AS ${as}`;

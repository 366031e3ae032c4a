import { type AskState, reclaimState, type SeatRecord } from '../domain/seat-records.js';
import { classifyTimes } from '../domain/seats.js';
import type { Queryable } from './db.js';
import type { SeatQuery } from './seats-repo.js';
import { epochMs, OPEN_INVITES } from './seats-sql.js';

type RecordRow = {
  member_key: string;
  username: string;
  name: string;
  email: string;
  role: string;
  type: string;
  teams: string[] | null;
  date_joined: number | null;
  last_logged_in_at: number | null;
  last_seen_at: number | null;
  last_desktop_version: string | null;
  ask_state: AskState['state'] | null;
  asked_at: number | null;
  reminded_at: number | null;
};

/** `YYYY-MM-DD` of an instant (UTC), one Date per day rather than per cell: the export writes days only. */
function dayFormatter(): (ms: number | null) => string | null {
  const days = new Map<number, string>();
  return (ms) => {
    if (ms === null) return null;
    const n = Math.floor(ms / 86_400_000);
    let day = days.get(n);
    if (day === undefined) {
      day = new Date(n * 86_400_000).toISOString().slice(0, 10);
      days.set(n, day);
    }
    return day;
  };
}

/**
 * Each member with its latest ask (the reclaim state), a page at a time in key order. The status is the
 * domain's `classifySeat`, worked out on the rows the export reads anyway: cheaper than the same in SQL.
 */
const MEMBER_PAGE = `
  SELECT m.member_key, m.username, m.name, m.email, m.role, m.type, m.teams, ${epochMs('m.date_joined', 'date_joined')},
    ${epochMs('m.last_logged_in_at', 'last_logged_in_at')}, ${epochMs('m.last_seen_at', 'last_seen_at')},
    m.last_desktop_version, a.state AS ask_state, ${epochMs('a.asked_at', 'asked_at')},
    ${epochMs('a.reminded_at', 'reminded_at')}
  FROM members m
  LEFT JOIN (SELECT DISTINCT ON (member_key) member_key, state, asked_at, reminded_at FROM seat_asks
    WHERE org = $1 ORDER BY member_key, id DESC) a ON a.member_key = m.member_key
  WHERE m.org = $1 AND m.member_key > $2 ORDER BY m.member_key LIMIT $3`;

/** The seat export's rows (`/insights export seats`): members, then pending invites, never all at once. */
export function createSeatRecordsRepo(db: Queryable) {
  return {
    async *pages(
      org: string,
      q: SeatQuery & { answerDays: number },
      now: Date,
      size = 5000,
    ): AsyncGenerator<SeatRecord[]> {
      const exemptRows = await db.query<{ username_key: string }>(
        'SELECT username_key FROM seat_exemptions WHERE org = $1',
        [org],
      );
      const exempted = new Set(exemptRows.map((r) => r.username_key));
      const page = (after: string) => db.query<RecordRow>(MEMBER_PAGE, [org, after, size]);
      const day = dayFormatter();
      let next = page('');
      for (;;) {
        const rows = await next;
        // The next page is read while this one is written out (the database works while the CSV is made).
        const last = rows.at(-1)?.member_key;
        if (rows.length === size && last !== undefined) {
          next = page(last);
          next.catch(() => undefined);
        }
        if (rows.length > 0) yield rows.map((r) => toRecord(r, exempted, q, now, day));
        if (rows.length < size || last === undefined) break;
      }
      let afterInvite = '';
      for (;;) {
        const invites = await db.query<{ invite_key: string; invitee: string; team: string }>(
          `SELECT invite_key, invitee, team FROM (${OPEN_INVITES}) i WHERE invite_key > $2 ORDER BY invite_key LIMIT $3`,
          [org, afterInvite, size],
        );
        if (invites.length > 0) yield invites.map((i) => inviteRecord(i.invitee, i.team));
        if (invites.length < size) return;
        afterInvite = invites.at(-1)?.invite_key ?? afterInvite;
      }
    },
  };
}

function toRecord(
  r: RecordRow,
  exempted: ReadonlySet<string>,
  q: SeatQuery & { answerDays: number },
  now: Date,
  day: (ms: number | null) => string | null,
): SeatRecord {
  const teams = r.teams ?? [];
  const seen = r.last_seen_at;
  const login = r.last_logged_in_at;
  // The later of Desktop use and sign-in, Desktop on a tie (src/domain/seats.ts `lastActivity`).
  const desktop = seen !== null && (login === null || seen >= login);
  const activityMs = desktop ? seen : login;
  const member = {
    username: r.username,
    type: r.type,
    teams,
    exempted: exempted.has(r.username.toLowerCase()),
  };
  const seat = classifyTimes(member, activityMs, r.date_joined, q, now.getTime());
  const ask: AskState | null =
    r.ask_state && r.asked_at !== null
      ? {
          state: r.ask_state,
          askedAt: new Date(r.asked_at),
          remindedAt: r.reminded_at === null ? null : new Date(r.reminded_at),
        }
      : null;
  const activityDay = day(activityMs);
  return {
    username: r.username,
    name: r.name,
    email: r.email,
    role: seat.status === 'invite' ? 'Invitee' : r.role,
    teams,
    dateJoined: day(r.date_joined),
    lastLoggedInAt: day(login),
    lastSeenAt: day(seen),
    lastDesktopVersion: r.last_desktop_version,
    activity: activityDay ? { at: activityDay, kind: desktop ? 'desktop' : 'sign-in' } : null,
    idleDays: seat.idleDays,
    status: seat.status,
    reclaim: reclaimState(ask, now, q.answerDays),
  };
}

/** An invite names a Docker ID or an email (spec `invite.invitee`). */
function inviteRecord(invitee: string, team: string): SeatRecord {
  const email = invitee.includes('@');
  return {
    username: email ? '' : invitee,
    name: '',
    email: email ? invitee : '',
    role: 'Invitee',
    teams: team ? [team] : [],
    dateJoined: null,
    lastLoggedInAt: null,
    lastSeenAt: null,
    lastDesktopVersion: null,
    activity: null,
    idleDays: null,
    status: 'invite',
    reclaim: '',
  };
}

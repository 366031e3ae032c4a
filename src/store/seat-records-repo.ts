import { type AskState, reclaimState, type SeatRecord } from '../domain/seat-records.js';
import type { ActivityKind, SeatStatus } from '../domain/seats.js';
import type { Queryable } from './db.js';
import { type SeatQuery, seatParams } from './seats-repo.js';
import { CLASSIFIED_MEMBERS, epochMs, OPEN_INVITES } from './seats-sql.js';

type RecordRow = {
  member_key: string;
  username: string;
  name: string;
  email: string;
  role: string;
  teams: string[] | null;
  date_joined: number | null;
  last_logged_in_at: number | null;
  last_seen_at: number | null;
  last_desktop_version: string | null;
  last_activity: number | null;
  activity_kind: ActivityKind | null;
  status: SeatStatus;
  ask_state: AskState['state'] | null;
  asked_at: number | null;
  reminded_at: number | null;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Each member with its status and its latest ask (the reclaim state), a page at a time in key order. */
const MEMBER_PAGE = `
  SELECT c.member_key, c.username, c.name, c.email, c.role, c.teams, ${epochMs('c.date_joined', 'date_joined')},
    ${epochMs('c.last_logged_in_at', 'last_logged_in_at')}, ${epochMs('c.last_seen_at', 'last_seen_at')},
    c.last_desktop_version, ${epochMs('c.last_activity', 'last_activity')}, c.activity_kind, c.status,
    a.state AS ask_state, ${epochMs('a.asked_at', 'asked_at')}, ${epochMs('a.reminded_at', 'reminded_at')}
  FROM (${CLASSIFIED_MEMBERS}) c
  LEFT JOIN LATERAL (
    SELECT s.state, s.asked_at, s.reminded_at FROM seat_asks s
    WHERE s.org = $1 AND s.member_key = c.member_key ORDER BY s.id DESC LIMIT 1) a ON true
  WHERE c.member_key > $5 ORDER BY c.member_key LIMIT $6`;

/** The seat export's rows (`/insights export seats`): members, then pending invites, never all at once. */
export function createSeatRecordsRepo(db: Queryable) {
  return {
    async *pages(
      org: string,
      q: SeatQuery & { answerDays: number },
      now: Date,
      size = 5000,
    ): AsyncGenerator<SeatRecord[]> {
      let after = '';
      for (;;) {
        const rows = await db.query<RecordRow>(MEMBER_PAGE, [...seatParams(org, q, now), after, size]);
        if (rows.length > 0) yield rows.map((r) => toRecord(r, now, q.answerDays));
        if (rows.length < size) break;
        after = rows.at(-1)?.member_key ?? after;
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

function toRecord(r: RecordRow, now: Date, answerDays: number): SeatRecord {
  const at = iso(r.last_activity);
  const ask: AskState | null =
    r.ask_state && r.asked_at !== null
      ? {
          state: r.ask_state,
          askedAt: new Date(r.asked_at),
          remindedAt: r.reminded_at === null ? null : new Date(r.reminded_at),
        }
      : null;
  return {
    username: r.username,
    name: r.name,
    email: r.email,
    role: r.status === 'invite' ? 'Invitee' : r.role,
    teams: r.teams ?? [],
    dateJoined: iso(r.date_joined),
    lastLoggedInAt: iso(r.last_logged_in_at),
    lastSeenAt: iso(r.last_seen_at),
    lastDesktopVersion: r.last_desktop_version,
    activity: at && r.activity_kind ? { at, kind: r.activity_kind } : null,
    idleDays: r.last_activity === null ? null : Math.floor((now.getTime() - r.last_activity) / 86_400_000),
    status: r.status,
    reclaim: reclaimState(ask, now, answerDays),
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

import { closest } from './did-you-mean.js';
import { type Day, toDay } from './period.js';

/**
 * Filters on the organization's activity (audit) log, as typed in Slack or on the command line:
 *
 * - `actor:<username or email>`  the exact actor, compared ignoring case
 * - `action:<action>`            an exact action (`repo.tag.push`), or a prefix ending in `*` (`enterprise.setting.policy.*`),
 *                                 with or without Docker's group (`sso.*` finds `enterprise.sso.connection.update`)
 * - `since:<when>`               a UTC day (`2026-11-01`, from its midnight) or a time ago (`24h`, `7d`, `2w`)
 *
 * Pure: a relative `since` is kept as written and resolved against a `now` by sinceInstant().
 */
export interface ActivityFilter {
  /** Lowercase. */
  actor?: string;
  /** Lowercase; a trailing `*` makes it a prefix. */
  action?: string;
  since?: ActivitySince;
}

export type ActivitySince = { kind: 'day'; day: Day } | { kind: 'ago'; amount: number; unit: AgoUnit };

export type AgoUnit = 'h' | 'd' | 'w';

export const ACTIVITY_FILTER_KEYS = ['actor', 'action', 'since'] as const;
export type ActivityFilterKey = (typeof ACTIVITY_FILTER_KEYS)[number];

export const ACTIVITY_FILTER_HELP =
  'Filters: actor:<username or email>, action:<action or prefix.*>, since:<YYYY-MM-DD, 24h or 7d>';

/** An email is at most 254 characters (RFC 5321); Docker IDs are far shorter. */
const ACTOR_MAX = 254;

/** Docker's action names are a few words (`enterprise.setting.policy.update`). */
const ACTION_MAX = 200;

/** What someone typed, echoed back short (as every other answer does). */
function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const UNIT_MS: Record<AgoUnit, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
/** About ten years: further back than any activity log keeps. */
const MAX_AGO_MS = 3660 * 86_400_000;

/** Parses `key:value` tokens (`actor: alice` with a space works too); an error names the fix. */
export function parseActivityFilter(
  tokens: readonly string[],
): { filter: ActivityFilter } | { error: string } {
  const filter: ActivityFilter = {};
  const words = tokens.map((t) => t.trim()).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    let token = words[i] ?? '';
    // `actor: alice`: the value is the next word.
    const next = words[i + 1];
    if (token.indexOf(':') === token.length - 1 && next !== undefined && !startsWithKey(next)) {
      token += next;
      i++;
    }
    const colon = token.indexOf(':');
    const rawKey = colon < 0 ? token : token.slice(0, colon);
    const key = ACTIVITY_FILTER_KEYS.find((k) => k === rawKey.toLowerCase());
    if (!key) {
      const guess = colon < 0 ? undefined : closest(rawKey, ACTIVITY_FILTER_KEYS);
      return {
        error: `Unknown filter "${shown(token)}".${guess ? ` Did you mean "${guess}:"?` : ''} ${ACTIVITY_FILTER_HELP}`,
      };
    }
    if (colon < 0) return { error: `"${key}" needs a value after a colon, as in ${example(key)}.` };
    if (filter[key] !== undefined) return { error: `"${key}:" is given twice; use it once.` };
    const value = token.slice(colon + 1).trim();
    if (value === '') return { error: `"${key}:" needs a value, as in ${example(key)}.` };
    switch (key) {
      case 'actor': {
        const actor = parseActor(value);
        if (typeof actor !== 'string') return actor;
        filter.actor = actor;
        break;
      }
      case 'action': {
        const action = parseAction(value);
        if (typeof action !== 'string') return action;
        filter.action = action;
        break;
      }
      case 'since': {
        const since = parseSince(value);
        if ('error' in since) return since;
        filter.since = since;
        break;
      }
    }
  }
  return { filter };
}

function startsWithKey(word: string): boolean {
  const colon = word.indexOf(':');
  return colon > 0 && ACTIVITY_FILTER_KEYS.some((k) => k === word.slice(0, colon).toLowerCase());
}

function example(key: ActivityFilterKey): string {
  return {
    actor: 'actor:alice',
    action: 'action:enterprise.setting.policy.*',
    since: 'since:2026-11-01 or since:7d',
  }[key];
}

function parseActor(value: string): string | { error: string } {
  // Slack may send an email as a link: <mailto:alice@example.com|alice@example.com>.
  const mailto = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/i.exec(value);
  const actor = (mailto?.[1] ?? value).toLowerCase();
  if (/[\s<>]/.test(actor) || actor.length > ACTOR_MAX) {
    return { error: `"actor:${shown(value)}" is not a username or an email.` };
  }
  return actor;
}

function parseAction(value: string): string | { error: string } {
  const action = value.toLowerCase();
  if (action === '*') {
    return {
      error:
        '"action:*" matches every action: leave it out, or give a prefix such as enterprise.setting.policy.*',
    };
  }
  if (!/^[a-z0-9_.-]+\*?$/.test(action) || action.length > ACTION_MAX) {
    return {
      error: action.slice(0, -1).includes('*')
        ? `"action:${shown(value)}": use * only at the end, as in enterprise.setting.policy.*`
        : `"action:${shown(value)}" is not an action name (letters, digits, dots, _ and -), such as repo.tag.push`,
    };
  }
  return action;
}

/** `YYYY-MM-DD` (a real calendar day), or a number of hours, days or weeks ago. */
export function parseSince(value: string): ActivitySince | { error: string } {
  const text = value.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || toDay(date) !== text) {
      return { error: `"since:${shown(value)}" is not a calendar day (YYYY-MM-DD).` };
    }
    return { kind: 'day', day: text };
  }
  const ago = /^(\d{1,6})([hdw])$/.exec(text);
  if (ago) {
    const amount = Number(ago[1]);
    const unit = ago[2] as AgoUnit;
    if (amount < 1) return { error: `"since:${shown(value)}": use at least 1${unit}.` };
    if (amount * UNIT_MS[unit] > MAX_AGO_MS) return { error: `"since:${shown(value)}" is too far back.` };
    return { kind: 'ago', amount, unit };
  }
  return {
    error: `"since:${shown(value)}" is not a day or a time ago: use YYYY-MM-DD (since:2026-11-01), or 24h, 7d, 2w.`,
  };
}

/** The first instant a `since` filter lets through. */
export function sinceInstant(since: ActivitySince, now: Date): Date {
  return since.kind === 'day'
    ? new Date(`${since.day}T00:00:00Z`)
    : new Date(now.getTime() - since.amount * UNIT_MS[since.unit]);
}

/** How an `action` filter matches: an exact action, or every action starting with a prefix. */
export function actionMatch(action: string): { exact: string } | { prefix: string } {
  return action.endsWith('*') ? { prefix: action.slice(0, -1) } : { exact: action };
}

/**
 * Whether an activity-log `action` matches a pattern: an exact action or a prefix ending in `*`, compared
 * ignoring case. Docker names actions `<group>.<name>` (docker-apis.md §3.2: `repo.tag.push`,
 * `org.member.role.change`, `enterprise.sso.connection.update`), and a pattern may leave the group out:
 * `member.role.change` matches `org.member.role.change`, `sso.*` matches `enterprise.sso.connection.update`.
 * The activity repository's SQL applies the same rules.
 */
export function actionMatches(action: string, pattern: string): boolean {
  const match = actionMatch(pattern.toLowerCase());
  const test = (a: string) => ('exact' in match ? a === match.exact : a.startsWith(match.prefix));
  const lower = action.toLowerCase();
  return test(lower) || test(withoutGroup(lower));
}

/** `org.member.role.change` → `member.role.change`; an action without a dot stays as it is. */
export function withoutGroup(action: string): string {
  return action.slice(action.indexOf('.') + 1);
}

/** Whether an event passes the filter (the same rules as the SQL in the activity repository). */
export function matchesActivityFilter(
  event: { at: string | Date; action: string; actor: string },
  filter: ActivityFilter,
  now: Date,
): boolean {
  if (filter.actor !== undefined && event.actor.toLowerCase() !== filter.actor) return false;
  if (filter.action !== undefined && !actionMatches(event.action, filter.action)) return false;
  if (filter.since !== undefined) {
    const at = event.at instanceof Date ? event.at.getTime() : Date.parse(event.at);
    if (at < sinceInstant(filter.since, now).getTime()) return false;
  }
  return true;
}

/** The filter as tokens the parser reads back: `actor:alice action:sso.* since:7d`; '' when empty. */
export function formatActivityFilter(filter: ActivityFilter): string {
  const parts: string[] = [];
  if (filter.actor !== undefined) parts.push(`actor:${filter.actor}`);
  if (filter.action !== undefined) parts.push(`action:${filter.action}`);
  if (filter.since !== undefined) {
    const s = filter.since;
    parts.push(`since:${s.kind === 'day' ? s.day : `${s.amount}${s.unit}`}`);
  }
  return parts.join(' ');
}

import {
  ACTIVITY_FILTER_HELP,
  ACTIVITY_FILTER_KEYS,
  type ActivityFilter,
  parseActivityFilter,
} from '../domain/activity-filter.js';
import { closest } from '../domain/did-you-mean.js';
import { badPeriodHint, DEFAULT_PERIOD, type Period, parsePeriod, toDay } from '../domain/period.js';
import { ACTIVITY_COLUMNS } from './activity.js';
import { COMPLIANCE_COLUMNS } from './compliance.js';
import { PULLS_COLUMNS } from './pulls.js';
import { SEATS_COLUMNS } from './seats.js';
import { USERS_COLUMNS } from './users.js';

export { neutraliseFormula } from './csv.js';
export { ACTIVITY_COLUMNS, COMPLIANCE_COLUMNS, PULLS_COLUMNS, SEATS_COLUMNS, USERS_COLUMNS };

export const EXPORT_KINDS = ['users', 'activity', 'compliance', 'pulls', 'seats'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

interface ExportSpec {
  /** In the file name: `acme-desktop-users-1m-2026-11-21.csv`. */
  slug: string;
  title: string;
  columns: readonly string[];
  hasPeriod: boolean;
  /** Whether the file names people by email (the Slack side sends those only to the admin's DM). */
  holdsEmails: boolean;
  /** Its rows come from the Insights source (the demo organization's, in demo mode), not from imports or syncs. */
  readsSource: boolean;
  /** Always to the requester's DM, whatever the channel (who holds a seat and who was asked to give it up). */
  dmOnly?: boolean;
}

export const EXPORTS: Record<ExportKind, ExportSpec> = {
  users: {
    slug: 'desktop-users',
    title: 'Docker Desktop users',
    columns: USERS_COLUMNS,
    hasPeriod: true,
    holdsEmails: true,
    readsSource: true,
  },
  // Actors are usernames, but invitation events hold the invitee's email (data and description).
  activity: {
    slug: 'activity',
    title: 'activity log',
    columns: ACTIVITY_COLUMNS,
    hasPeriod: false,
    holdsEmails: true,
    readsSource: false,
  },
  compliance: {
    slug: 'compliance',
    title: 'settings compliance',
    columns: COMPLIANCE_COLUMNS,
    hasPeriod: false,
    holdsEmails: true,
    readsSource: false,
  },
  pulls: {
    slug: 'pulls',
    title: 'image pulls per day',
    columns: PULLS_COLUMNS,
    hasPeriod: true,
    holdsEmails: false,
    readsSource: true,
  },
  seats: {
    slug: 'seats',
    title: 'seat list',
    columns: SEATS_COLUMNS,
    hasPeriod: false,
    holdsEmails: true,
    readsSource: true,
    dmOnly: true,
  },
};

const ALIASES: Record<string, ExportKind> = {
  'desktop-users': 'users',
  members: 'users',
  'activity-log': 'activity',
  audit: 'activity',
  pull: 'pulls',
};

export interface ExportArgs {
  kind: ExportKind;
  /** Set (the default filled in) for the kinds that have a period: users and pulls. */
  period?: Period;
  /** Set (possibly empty) for activity. */
  filters?: ActivityFilter;
}

/** Echoing what someone typed: short, and without quotes that would end ours. */
function shown(text: string): string {
  const clean = text.replace(/["`<>]/g, '');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

/**
 * Reads `<kind> [period]` or `activity [actor:… action:… since:…]` (the words after
 * `/insights export`); an error says what to type instead.
 */
export function parseExportArgs(tokens: readonly string[]): ExportArgs | { error: string } {
  const [first, ...rest] = tokens.map((t) => t.trim()).filter(Boolean);
  const kinds = EXPORT_KINDS.join(', ');
  if (first === undefined) return { error: `Name an export: ${kinds}.` };
  const word = first.toLowerCase();
  const kind = EXPORT_KINDS.find((k) => k === word) ?? ALIASES[word];
  if (!kind) {
    const guess = closest(word, EXPORT_KINDS);
    return {
      error: `Unknown export "${shown(first)}".${guess ? ` Did you mean "${guess}"?` : ''} Exports: ${kinds}.`,
    };
  }
  switch (kind) {
    case 'users':
    case 'pulls': {
      if (rest.length > 1) return { error: `The ${kind} export takes one period: use 1w, 1m or 3m.` };
      const text = rest[0];
      if (text === undefined) return { kind, period: DEFAULT_PERIOD };
      const filter = ACTIVITY_FILTER_KEYS.find((k) => text.toLowerCase().startsWith(`${k}:`));
      if (filter) {
        return {
          error: `The ${kind} export takes a period, not a filter ("${shown(text)}"): ${ACTIVITY_FILTER_KEYS.join(', ')} filter the activity export only. Use 1w, 1m or 3m.`,
        };
      }
      const period = parsePeriod(text);
      if (!period) {
        const hint = badPeriodHint(text);
        return { error: `Unknown period "${shown(text)}"${hint ? `. ${hint} Use` : ': use'} 1w, 1m or 3m.` };
      }
      return { kind, period };
    }
    case 'seats':
      if (rest.length > 0) {
        return {
          error: `The seats export takes no period or filter ("${rest.join(' ')}"): it lists every member and invite now.`,
        };
      }
      return { kind };
    case 'compliance':
      if (rest.length > 0) {
        return {
          error: `The compliance export takes no period or filter ("${rest.join(' ')}"): it is the latest Settings Reporting report.`,
        };
      }
      return { kind };
    case 'activity': {
      const period = rest.find((t) => parsePeriod(t) !== undefined);
      if (period) {
        return {
          error: `The activity export takes filters, not a period: use since:7d. ${ACTIVITY_FILTER_HELP}`,
        };
      }
      const parsed = parseActivityFilter(rest);
      if ('error' in parsed) return parsed;
      return { kind, filters: parsed.filter };
    }
  }
}

/** `acme-desktop-users-1m-2026-11-21.csv`: org, kind, period (when the kind has one), the UTC day of `now`. */
export function exportFilename(org: string, kind: ExportKind, period: Period | undefined, now: Date): string {
  const safeOrg = org.replace(/[^A-Za-z0-9_-]+/g, '-') || 'org';
  const spec = EXPORTS[kind];
  return `${safeOrg}-${spec.slug}${spec.hasPeriod && period ? `-${period}` : ''}-${toDay(now)}.csv`;
}

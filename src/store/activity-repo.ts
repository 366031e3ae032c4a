import type { ActivityEvent } from '../domain/activity-event.js';
import { type ActivityFilter, actionMatch, sinceInstant } from '../domain/activity-filter.js';
import { chunks } from './chunks.js';
import type { Queryable } from './db.js';

export type { ActivityEvent } from '../domain/activity-event.js';

export interface ActivitySearchOptions {
  /** Resolves a relative `since` (`7d`); defaults to the current time. */
  now?: Date;
  /** Events per page (one query each); 1000 by default. */
  pageSize?: number;
}

/** Events are read a page at a time, in time order; a keyset on (at, id) so a page costs the same anywhere. */
const PAGE_SIZE = 1000;

export function createActivityRepo(db: Queryable) {
  return {
    /** Stores new events; returns the ones that were new (in the order given). */
    async insert(org: string, events: ActivityEvent[]): Promise<ActivityEvent[]> {
      const inserted: ActivityEvent[] = [];
      for (const c of chunks(events)) {
        const rows = await db.query(
          `INSERT INTO activity_events (org, id, at, action, name, actor, data, description)
           SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[])
           ON CONFLICT (org, id) DO NOTHING RETURNING id`,
          [
            org,
            c.map((e) => e.id),
            c.map((e) => e.at),
            c.map((e) => e.action),
            c.map((e) => e.name),
            c.map((e) => e.actor),
            c.map((e) => JSON.stringify(e.data)),
            c.map((e) => e.description),
          ],
        );
        const fresh = new Set(rows.map((r) => r.id));
        inserted.push(...c.filter((e) => fresh.has(e.id)));
      }
      return inserted;
    },

    /** The newest stored event's time: the next sync starts there. */
    async latestAt(org: string): Promise<Date | null> {
      const [row] = await db.query<{ at: Date | null }>(
        'SELECT max(at) AS at FROM activity_events WHERE org = $1',
        [org],
      );
      return row?.at ?? null;
    },

    async count(org: string): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        'SELECT count(*) AS n FROM activity_events WHERE org = $1',
        [org],
      );
      return row?.n ?? 0;
    },

    /**
     * The events matching `filter`, oldest first (ties by id), a page at a time: a large log is never
     * held whole. Actor and action compare ignoring case; `action` ending in `*` is a prefix, and
     * it may leave out Docker's group (actionMatches() in the domain).
     */
    async *search(
      org: string,
      filter: ActivityFilter,
      options: ActivitySearchOptions = {},
    ): AsyncGenerator<ActivityEvent[]> {
      const params: unknown[] = [org];
      const where = ['org = $1'];
      const param = (value: unknown) => `$${params.push(value)}`;
      if (filter.actor !== undefined) where.push(`lower(actor) = ${param(filter.actor.toLowerCase())}`);
      if (filter.action !== undefined) {
        // As actionMatches(): the action itself, or the action without its `<group>.` (`org.`, `repo.` …).
        const match = actionMatch(filter.action.toLowerCase());
        const p = param('exact' in match ? match.exact : match.prefix);
        const test = (a: string) => ('exact' in match ? `${a} = ${p}` : `starts_with(${a}, ${p})`);
        where.push(`(${test('lower(action)')} OR ${test("substr(lower(action), strpos(action, '.') + 1)")})`);
      }
      if (filter.since !== undefined) {
        where.push(
          `at >= ${param(sinceInstant(filter.since, options.now ?? new Date()).toISOString())}::timestamptz`,
        );
      }
      const pageSize = Math.max(1, Math.floor(options.pageSize ?? PAGE_SIZE));
      const first = params.length;
      // The cursor keeps microseconds (a JS Date would round them away and repeat or skip a row).
      let after: { at: string; id: string } | null = null;
      for (;;) {
        params.length = first;
        const conditions = [...where];
        if (after) conditions.push(`(at, id) > (${param(after.at)}::timestamptz, ${param(after.id)}::text)`);
        const rows: Array<{
          id: string;
          at: Date;
          cursor: string;
          action: string;
          name: string;
          actor: string;
          data: Record<string, string> | null;
          description: string;
        }> = await db.query(
          `SELECT id, at, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor, action, name,
             actor, data, description
           FROM activity_events WHERE ${conditions.join(' AND ')}
           ORDER BY at, id LIMIT ${pageSize}`,
          params,
        );
        if (rows.length > 0) {
          yield rows.map((r) => ({
            id: r.id,
            at: r.at.toISOString(),
            action: r.action,
            name: r.name,
            actor: r.actor,
            data: r.data ?? {},
            description: r.description,
          }));
        }
        const last = rows.at(-1);
        if (!last || rows.length < pageSize) return;
        after = { at: last.cursor, id: last.id };
      }
    },

    /** Pushes per repository per UTC day, from `repo.tag.push` events on days sinceDay ≤ day < beforeDay. */
    async pushesByDay(
      org: string,
      sinceDay: string,
      beforeDay: string,
    ): Promise<Array<{ day: string; key: string; value: number }>> {
      return db.query(
        `SELECT (at AT TIME ZONE 'UTC')::date::text AS day, name AS key, count(*)::float8 AS value
         FROM activity_events
         WHERE org = $1 AND action = 'repo.tag.push' AND at >= ($2::date::timestamp AT TIME ZONE 'UTC')
           AND at < ($3::date::timestamp AT TIME ZONE 'UTC')
         GROUP BY 1, 2`,
        [org, sinceDay, beforeDay],
      );
    },
  };
}

export type ActivityRepo = ReturnType<typeof createActivityRepo>;

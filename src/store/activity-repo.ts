import { chunks } from './chunks.js';
import type { Queryable } from './db.js';

export interface ActivityEvent {
  /** A stable hash of the event, so a re-run stores nothing twice. */
  id: string;
  at: string;
  action: string;
  name: string;
  actor: string;
  data: Record<string, string>;
  description: string;
}

export function createActivityRepo(db: Queryable) {
  return {
    /** Stores new events; returns how many were new. */
    async insert(org: string, events: ActivityEvent[]): Promise<number> {
      let inserted = 0;
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
        inserted += rows.length;
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

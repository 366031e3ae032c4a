import { readdir } from 'node:fs/promises';
import type { Queryable } from './db.js';

/** Whether the database answers (`/healthz`). */
export async function ping(db: Queryable): Promise<boolean> {
  try {
    await db.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

export type StoreReadiness = 'ready' | 'database_down' | 'migrations_pending';

let migrationFiles: Promise<string[]> | undefined;

/**
 * `/readyz`: the database answers and has every migration this build ships (a replica of a newer build
 * waits while an older one still holds the migration lock, or after a failed migration).
 */
export async function readiness(db: Queryable): Promise<StoreReadiness> {
  migrationFiles ??= readdir(new URL('./migrations/', import.meta.url)).then((names) =>
    names.filter((f) => /^\d+_.+\.sql$/.test(f)),
  );
  let applied: string[];
  try {
    applied = (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name);
  } catch (err) {
    // No table yet: the first migration has not run; any other failure: the database is not answering.
    return (err as { code?: string }).code === '42P01' ? 'migrations_pending' : 'database_down';
  }
  const done = new Set(applied);
  return (await migrationFiles).every((f) => done.has(f)) ? 'ready' : 'migrations_pending';
}

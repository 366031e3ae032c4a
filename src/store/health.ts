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

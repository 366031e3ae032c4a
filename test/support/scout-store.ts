import { Writable } from 'node:stream';
import { type AlertDeps, createAlertEngine } from '../../src/app/alert-engine.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Db } from '../../src/store/db.js';
import { insert } from '../../src/store/delivery-repo.js';
import { createSubscriptionsRepo } from '../../src/store/subscriptions-repo.js';
import { type Engine, freshDatabase } from './databases.js';

export const T0 = new Date('2026-11-21T08:00:00Z');
export const HOUR = 3_600_000;
export const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

/** A real pino logger writing into memory, to check that no token reaches the log. */
export function memoryLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), text: () => lines.join('') };
}

/** What the alert engine queued for Slack, in order. */
export const deliveries = (db: Db) =>
  db.query<{ key: string; kind: string; channel: string; payload: { text: string } }>(
    'SELECT key, kind, channel, payload FROM delivery_queue ORDER BY id',
  );
export const keys = async (db: Db) => (await deliveries(db)).map((d) => `${d.kind} ${d.key}`);

/** A fresh database whose channel C0SEC subscribes to every Scout alert. */
export async function scoutDatabase(engine: Engine): Promise<Awaited<ReturnType<typeof freshDatabase>>> {
  const database = await freshDatabase(engine);
  await createSubscriptionsRepo(database.db).subscribe(
    {
      channel: 'C0SEC',
      kind: 'scout',
      options: { minSeverity: 'low', threadUpdates: true },
      createdBy: 'U0ADMIN',
    },
    T0,
  );
  return database;
}

/** The alert engine on `db`, queueing into the real delivery queue table. */
export function alertEngine(db: Db, logger: Logger) {
  const deps: AlertDeps = {
    db,
    org: 'acme',
    outbox: (key, delivery, tx) => insert(tx, key, delivery, T0),
    repeatMs: 24 * HOUR,
    logger,
  };
  return createAlertEngine(deps);
}

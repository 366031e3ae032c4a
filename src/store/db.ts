import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';
import { StoreError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ScramOnlyClient } from './embedded/scram-client.js';
import { type EmbeddedServer, openEmbeddedServer } from './embedded/server.js';

export type Row = Record<string, unknown>;

/** What the repositories need from a database: the same SQL on the PostgreSQL server and the embedded one. */
export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  /** `postgres`: the server DATABASE_URL names; `embedded`: the PostgreSQL server the bot runs in DATA_DIR. */
  readonly kind: 'postgres' | 'embedded';
  /** Runs `fn` in one transaction: all of it commits or none of it does. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` only if this process gets the named lock (a PostgreSQL advisory lock, so it holds across
   * processes and replicas). Returns undefined when another process holds it. `locked` runs statements on
   * the connection that holds the lock (no second connection needed; not a transaction).
   */
  withLock<T>(
    name: string,
    fn: (locked: Queryable) => Promise<T>,
    options?: { wait?: boolean },
  ): Promise<T | undefined>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder of the embedded PostgreSQL server; `memory://` is a throwaway database (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use (created if missing); lets tests share one database. */
  schema?: string;
  /** Where the embedded server's own log lines go. */
  logger?: Logger;
}

/** Opens the PostgreSQL server when a URL is given, the embedded one otherwise, and applies the migrations. */
export async function openDatabase(options: OpenOptions): Promise<Db> {
  const db = options.databaseUrl
    ? await openPostgres({ connectionString: options.databaseUrl }, options.schema)
    : await openEmbedded(options.dataDir ?? 'memory://', options.schema, options.logger);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

async function openEmbedded(dataDir: string, schema: string | undefined, logger?: Logger): Promise<Db> {
  const server = await openEmbeddedServer(dataDir, logger && serverLog(logger));
  // Each `memory://` database is a schema of its own in the process's throwaway cluster.
  const throwaway = dataDir.startsWith('memory://') && !schema;
  const db = await openPostgres(server.connection, throwaway ? throwawaySchema() : schema, server).catch(
    async (err) => {
      await server.release();
      throw err;
    },
  );
  return throwaway ? { ...db, close: () => dropAndClose(db) } : db;
}

let throwaways = 0;
const throwawaySchema = () => `memory_${process.pid}_${++throwaways}`;

async function dropAndClose(db: Db & { schema?: string }): Promise<void> {
  if (db.schema) await db.query(`DROP SCHEMA IF EXISTS ${db.schema} CASCADE`).catch(() => undefined);
  await db.close();
}

/** PostgreSQL's log lines ("FATAL:  …") at the matching pino level. */
function serverLog(logger: Logger): (line: string) => void {
  return (line) => {
    const severity = /^([A-Z]+):/.exec(line)?.[1];
    if (severity === 'FATAL' || severity === 'PANIC') logger.error({ line }, 'embedded database');
    else if (severity === 'WARNING') logger.warn({ line }, 'embedded database');
    else logger.debug({ line }, 'embedded database');
  };
}

const INT8 = 20;
const NUMERIC = 1700;

/** Errors that mean the server is not (or no longer) there, before any statement ran. */
const SERVER_GONE = new Set(['ENOENT', 'ECONNREFUSED', '57P01', '57P03']);

async function openPostgres(
  connection: pg.PoolConfig,
  schema?: string,
  embedded?: EmbeddedServer,
): Promise<Db & { schema?: string }> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new StoreError(`invalid schema name "${schema}"`);
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      // Counts and sums come back as numbers.
      if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    ...connection,
    max: 10,
    // On the embedded server every connection is a server process (about 15 MB resident): let idle
    // ones go after a second instead of ten; a new one costs a few milliseconds.
    // The embedded server is reached through a socket in a folder: talk only to one that knows the password.
    ...(embedded ? { idleTimeoutMillis: 1000, Client: ScramOnlyClient } : {}),
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const listening = new WeakSet<pg.PoolClient>();
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  /**
   * A connection for one use. On the embedded server, a refused connection means the server we used
   * (another bot process's, on the same DATA_DIR) has stopped: start one and connect again.
   */
  const connect = async (): Promise<pg.PoolClient> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      if (!embedded || !SERVER_GONE.has((err as { code?: string }).code ?? '')) throw err;
      await embedded.ensure();
      client = await pool.connect();
    }
    if (!listening.has(client)) {
      listening.add(client);
      // A connection lost while checked out fails its next query; the pool drops it on release.
      client.on('error', () => undefined);
    }
    return client;
  };
  const close = async () => {
    await pool.end();
    await embedded?.release();
  };
  try {
    if (schema) await withClient(connect, (c) => c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`));
  } catch (err) {
    await close();
    const what = embedded ? 'the embedded PostgreSQL server' : 'DATABASE_URL: PostgreSQL';
    throw new StoreError(`cannot connect to ${what} (${(err as Error).message})`, { cause: err });
  }
  const query = async <T extends Row>(client: pg.PoolClient, sql: string, params?: unknown[]) =>
    (await client.query(sql, params as unknown[])).rows as T[];
  return {
    kind: embedded ? 'embedded' : 'postgres',
    ...(schema ? { schema } : {}),
    query: (sql, params) => withClient(connect, (client) => query(client, sql, params)),
    async transaction(fn) {
      const client = await connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => query(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async withLock(name, fn, options) {
      // Session-level advisory locks belong to one connection: hold a dedicated client throughout.
      const client = await connect();
      try {
        const key = lockKey(name);
        if (options?.wait) {
          await client.query('SELECT pg_advisory_lock($1)', [key]);
        } else {
          const [row] = await query<{ locked: boolean }>(
            client,
            'SELECT pg_try_advisory_lock($1) AS locked',
            [key],
          );
          if (!row?.locked) return undefined;
        }
        try {
          return await fn({ query: (sql, params) => query(client, sql, params) });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    close,
  };
}

async function withClient<T>(
  connect: () => Promise<pg.PoolClient>,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

/** A stable 32-bit key for pg_advisory_lock from a lock name. */
function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Applies `migrations/NNN_name.sql` in order, once each, under a lock so replicas do not race. */
export async function migrate(db: Db): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  const run = async () => {
    await db.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
    );
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
      await db.transaction(async (tx) => {
        for (const statement of splitStatements(sql)) await tx.query(statement);
        await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      });
      applied.push(file);
    }
  };
  // Waiting lock: a second replica waits for the first to finish migrating, then finds nothing to do.
  await db.withLock('migrations', run, { wait: true });
  return applied;
}

/** Migrations hold plain statements separated by `;` at line ends (no functions with bodies). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

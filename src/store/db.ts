import { mkdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { StoreError } from '../errors.js';

export type Row = Record<string, unknown>;

/** What the repositories need from a database: the same SQL runs on PostgreSQL (pg) and PGlite. */
export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: all of it commits or none of it does. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` only if this process gets the named lock (PostgreSQL advisory lock; PGlite is
   * single-process so it always gets it). Returns undefined when another replica holds it.
   */
  withLock<T>(name: string, fn: () => Promise<T>, options?: { wait?: boolean }): Promise<T | undefined>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite folder; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use (created if missing); lets tests share one database. */
  schema?: string;
}

/** Opens PostgreSQL when a URL is given, PGlite otherwise, and applies the migrations. */
export async function openDatabase(options: OpenOptions): Promise<Db> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema)
    : await openPglite(options.dataDir ?? 'memory://');
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

const INT8 = 20;
const NUMERIC = 1700;

async function openPostgres(url: string, schema?: string): Promise<Db> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new StoreError(`invalid schema name "${schema}"`);
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      // Counts and sums come back as numbers on both engines (PGlite already does this).
      if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    await pool.end();
    throw new StoreError(`DATABASE_URL: cannot connect to PostgreSQL (${(err as Error).message})`, {
      cause: err,
    });
  }
  const query = async <T extends Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    (await client.query(sql, params as unknown[])).rows as T[];
  return {
    kind: 'postgres',
    query: (sql, params) => query(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
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
      const client = await pool.connect();
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
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  const locks = new Map<string, Promise<void>>();
  return {
    kind: 'pglite',
    query: async (sql, params) => (await lite.query(sql, params)).rows as never,
    transaction: (fn) =>
      lite.transaction((tx) =>
        fn({ query: async (sql, params) => (await tx.query(sql, params)).rows as never }),
      ),
    async withLock(name, fn, options) {
      // One process owns a PGlite folder, so in-process bookkeeping is the whole lock.
      while (locks.has(name)) {
        if (!options?.wait) return undefined;
        await locks.get(name);
      }
      let release = () => {};
      locks.set(
        name,
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      );
      try {
        return await fn();
      } finally {
        locks.delete(name);
        release();
      }
    },
    close: () => lite.close(),
  };
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

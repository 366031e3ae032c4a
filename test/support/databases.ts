import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openDatabase } from '../../src/store/db.js';
import { openEmbeddedServer } from '../../src/store/embedded/server.js';

/** The PostgreSQL server on this machine (trust auth); override with TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `embedded`: the server the bot runs itself (here the process's throwaway `memory://` cluster). */
export type Engine = 'embedded' | 'postgres';
export const ENGINES: Engine[] = ['embedded', 'postgres'];

export interface FreshDatabase {
  db: Db;
  schema: string;
  /** A second, independent connection pool to the same database (another replica). */
  openAgain(): Promise<Db>;
  drop(): Promise<void>;
}

/** A fresh, empty, migrated database: a new schema on the embedded server or on the PostgreSQL server. */
export async function freshDatabase(engine: Engine): Promise<FreshDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const options =
    engine === 'embedded' ? { dataDir: 'memory://', schema } : { databaseUrl: TEST_DATABASE_URL, schema };
  const db = await openDatabase(options);
  return {
    db,
    schema,
    openAgain: () => openDatabase(options),
    async drop() {
      await db.close();
      await dropSchema(engine, schema);
    },
  };
}

async function dropSchema(engine: Engine, schema: string): Promise<void> {
  const server = engine === 'embedded' ? await openEmbeddedServer('memory://') : undefined;
  const admin = new pg.Client(server ? server.connection : { connectionString: TEST_DATABASE_URL });
  try {
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
    await server?.release();
  }
}

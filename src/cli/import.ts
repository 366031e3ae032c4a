import { parseArgs } from 'node:util';
import { IMPORT_KINDS, type ImportKind } from '../app/imports.js';
import { withServices } from './with-services.js';

/** `insights-bot import <file> [--kind …]`: one Admin Console export, all or nothing. */
export async function importCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { kind: { type: 'string' } },
  });
  const path = positionals[0];
  if (!path) {
    console.error('Usage: insights-bot import <file> [--kind desktop-users|hub-members|compliance|insights]');
    return 2;
  }
  if (values.kind && !IMPORT_KINDS.includes(values.kind as ImportKind)) {
    console.error(`Unknown --kind "${values.kind}". Kinds: ${IMPORT_KINDS.join(', ')}`);
    return 2;
  }
  return withServices(async ({ imports }) => {
    const outcome = await imports.importFile(
      { path, kind: values.kind as ImportKind | undefined, by: 'cli' },
      new Date(),
    );
    if (outcome.status === 'duplicate') {
      console.log(`${path} was already imported on ${outcome.importedAt.toISOString()}; nothing changed.`);
    } else {
      console.log(`Imported ${outcome.rows} rows from ${path} (${outcome.kind}).`);
    }
    return 0;
  });
}

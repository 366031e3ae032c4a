#!/usr/bin/env node
import { ConfigError } from './config.js';
import { InsightsError } from './errors.js';

// Each command's modules load only when it runs: `serve` starts the embedded database first, so a new
// DATA_DIR's initdb runs while the bot's modules load (src/prestart.ts).
const usage = async () => (await import('./cli/usage.js')).USAGE;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      return (await import('./cli/serve.js')).serve();
    case 'render':
      return (await import('./cli/render.js')).render(rest);
    case 'sync':
      return (await import('./cli/sync.js')).sync(rest);
    case 'digest':
      return (await import('./cli/digest.js')).digest(rest);
    case 'import':
      return (await import('./cli/import.js')).importCommand(rest);
    case 'export':
      return (await import('./cli/export.js')).exportCommand(rest);
    case 'help':
    case '--help':
    case '-h':
      console.log(await usage());
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${await usage()}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Expected failures (bad config, a rejected token, a bad import row) are one sentence, not a stack.
    if (err instanceof ConfigError || err instanceof InsightsError) console.error(err.message);
    else console.error(err);
    process.exitCode = 1;
  },
);

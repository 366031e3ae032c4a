#!/usr/bin/env node
import { debugOutput } from './config.js';

// Each command's modules load only when it runs: `serve` starts the embedded database first, so a new
// DATA_DIR's initdb runs while the bot's modules load (src/prestart.ts).
const usage = async () => (await import('./cli/usage.js')).USAGE;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      return (await import('./cli/serve.js')).serve(rest);
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

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    // The one error boundary: a sentence (and the command's usage for a bad option), never a stack
    // trace unless LOG_LEVEL=debug asks for it. Loaded only on failure, like the usage text.
    if (debugOutput()) console.error(err);
    const { describeFailure } = await import('./cli/failure.js');
    const failure = describeFailure(err, argv);
    console.error(failure.message);
    process.exitCode = failure.exitCode;
  },
);

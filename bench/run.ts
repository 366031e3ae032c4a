import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { benchCompliance } from './compliance.js';
import { benchDemo } from './demo.js';
import { benchDigest } from './digest.js';
import { benchExport } from './export.js';
import { benchHome } from './home.js';
import { benchImport } from './import.js';
import { benchLogging } from './logging.js';
import { benchMemory } from './memory.js';
import { benchMetrics } from './metrics.js';
import { benchNpmStart } from './npm-start.js';
import { benchQueue } from './queue.js';
import { benchRender } from './render.js';
import { benchSeats } from './seats.js';
import { benchSiem } from './siem.js';
import { benchSlack } from './slack.js';
import { benchStartup } from './startup.js';
import { benchSync } from './sync.js';

/**
 * `npm run bench [name…]`: each benchmark runs in its own process (so peak memory is its own) and
 * the results print as a Markdown table for the README.
 */
const BENCHES: Record<string, () => Promise<Record<string, string>>> = {
  render: benchRender,
  slack: benchSlack,
  home: benchHome,
  startup: benchStartup,
  'npm-start': benchNpmStart,
  'sync-postgres': () => benchSync('postgres'),
  'sync-embedded': () => benchSync('embedded'),
  'memory-embedded': () => benchMemory('embedded'),
  'memory-postgres': () => benchMemory('postgres'),
  import: benchImport,
  digest: benchDigest,
  demo: benchDemo,
  compliance: benchCompliance,
  queue: benchQueue,
  export: benchExport,
  siem: benchSiem,
  metrics: () => benchMetrics('embedded'),
  'metrics-postgres': () => benchMetrics('postgres'),
  logging: benchLogging,
  seats: benchSeats,
};

const [mode, ...args] = process.argv.slice(2);
if (mode === '--one') {
  const bench = BENCHES[args[0] ?? ''];
  if (!bench) throw new Error(`unknown benchmark ${args[0]}`);
  process.stdout.write(`${JSON.stringify(await bench())}\n`);
  process.exit(0);
}

const names = [mode, ...args].filter((n): n is string => Boolean(n));
const selected = names.length > 0 ? names : Object.keys(BENCHES);
console.log(
  `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})\n`,
);
console.log('| benchmark | result |\n|---|---|');
for (const name of selected) {
  if (!BENCHES[name]) {
    console.error(`unknown benchmark "${name}"; have: ${Object.keys(BENCHES).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, '--one', name],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const last = out.trim().split('\n').at(-1) ?? '{}';
  for (const [label, value] of Object.entries(JSON.parse(last) as Record<string, string>)) {
    console.log(`| ${label} | ${value} |`);
  }
}

import { availableParallelism, cpus } from 'node:os';
import { benchRender } from './render.js';
import { benchSlack } from './slack.js';
import { benchStartup } from './startup.js';

/** `npm run bench [name…]`: runs the benchmarks and prints a Markdown table for the README. */
const BENCHES: Record<string, () => Promise<Record<string, string>>> = {
  render: benchRender,
  slack: benchSlack,
  startup: benchStartup,
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
console.log(
  `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})\n`,
);
console.log('| benchmark | result |\n|---|---|');
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; have: ${Object.keys(BENCHES).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  for (const [label, value] of Object.entries(await bench())) console.log(`| ${label} | ${value} |`);
}

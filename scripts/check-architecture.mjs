#!/usr/bin/env node
/**
 * `npm test` runs this: the architecture stays what src/README.md says.
 * - Dependencies between the top folders of src/ point one way (the LAYERS table), so no folder-level cycle.
 * - SQL lives in src/store/ only.
 * - No source file (src/, and the project's test/ and bench/) is over 300 lines.
 * Test files may import across layers (they drive the whole bot); the rules read the product's code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The tree to check: src/ of this project, or a folder given on the command line (the script's own test).
const SRC = resolve(process.argv[2] ?? resolve(dirname(new URL(import.meta.url).pathname), '..', 'src'));
const MAX_LINES = 300;

/** What each top folder (or root file) may import besides itself. `*` = anything (the composition root). */
const LAYERS = {
  errors: [],
  logger: [],
  outgoing: ['errors'],
  domain: [],
  config: ['domain', 'siem', 'docker', 'errors'],
  demo: ['domain'],
  render: ['domain', 'errors'],
  exports: ['domain', 'errors'],
  store: ['domain', 'errors', 'logger'],
  docker: ['domain', 'errors', 'logger', 'outgoing'],
  siem: ['domain', 'errors', 'logger', 'outgoing'],
  app: ['domain', 'store', 'docker', 'siem', 'render', 'exports', 'demo', 'errors', 'logger'],
  jobs: ['app', 'domain', 'logger'],
  slack: ['app', 'domain', 'render', 'errors', 'logger', 'outgoing'],
  http: ['app', 'domain', 'render', 'errors', 'logger'],
  metrics: ['domain', 'render', 'logger'],
  sandbox: ['app', 'http', 'slack', 'domain', 'demo', 'render', 'errors', 'logger'],
  cli: ['main', 'services', 'prestart', 'app', 'config', 'domain', 'render', 'errors', 'logger'],
  services: ['*'],
  prestart: ['*'],
  main: ['*'],
};

const SQL =
  /\b(SELECT\s[\s\S]*?\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX))\b/;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|js)$/.test(name)) out.push(path);
  }
  return out;
}

/** `src/slack/commands/chart.ts` → `slack`; `src/main.ts` → `main`. */
const layerOf = (path) => {
  const parts = relative(SRC, path).split('/');
  return parts.length === 1 ? (parts[0] ?? '').replace(/\.(ts|js)$/, '') : (parts[0] ?? '');
};

const problems = [];
const edges = new Map();
// The tests and benchmarks beside src/ keep the same size rule (the layers do not apply to them).
if (!process.argv[2]) {
  const root = resolve(SRC, '..');
  for (const folder of ['test', 'bench']) {
    for (const file of walk(resolve(root, folder))) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      if (lines > MAX_LINES)
        problems.push(`${relative(root, file)}: ${lines} lines (at most ${MAX_LINES}); split it`);
    }
  }
}

for (const file of walk(SRC)) {
  const rel = relative(SRC, file);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) problems.push(`${rel}: ${lines} lines (at most ${MAX_LINES}); split it`);
  if (/\.test\.ts$/.test(file)) continue;
  const from = layerOf(file);
  if (from !== 'store' && SQL.test(text))
    problems.push(`${rel}: SQL outside src/store/; move it into a repository`);
  const allowed = LAYERS[from];
  if (!allowed) {
    problems.push(
      `${rel}: the folder "${from}" is not in the LAYERS table of scripts/check-architecture.mjs`,
    );
    continue;
  }
  for (const m of text.matchAll(
    /(?:^|\s)(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g,
  )) {
    const target = resolve(dirname(file), m[1] ?? m[2] ?? '');
    if (!target.startsWith(SRC)) continue;
    const to = layerOf(target);
    if (to === from) continue;
    edges.set(`${from} → ${to}`, rel);
    if (!allowed.includes('*') && !allowed.includes(to)) {
      problems.push(`${rel}: ${from}/ may not import ${to}/ (${m[1] ?? m[2]}); see src/README.md`);
    }
  }
}

// The table allows no cycle by itself, but say so plainly should someone widen it.
const graph = new Map();
for (const key of edges.keys()) {
  const [a, b] = key.split(' → ');
  if (!graph.has(a)) graph.set(a, new Set());
  graph.get(a).add(b);
}
const visiting = new Set();
const done = new Set();
const visit = (node, path) => {
  if (done.has(node)) return;
  if (visiting.has(node)) {
    problems.push(`import cycle between folders: ${[...path.slice(path.indexOf(node)), node].join(' → ')}`);
    return;
  }
  visiting.add(node);
  for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
  visiting.delete(node);
  done.add(node);
};
for (const node of graph.keys()) visit(node, []);

if (problems.length > 0) {
  console.error(`Architecture check failed (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Architecture check: ${edges.size} folder dependencies, all one way; SQL only in src/store/.`);

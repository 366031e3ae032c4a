#!/usr/bin/env node
import { open, rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { USAGE } from './cli-usage.js';
import { ConfigError, loadConfig } from './config.js';
import type { Core } from './core.js';
import { IMPORT_KINDS, type ImportKind } from './docker/imports/index.js';
import { closest } from './domain/did-you-mean.js';
import { CHARTS } from './domain/insights.js';
import { loadChartView } from './domain/load-chart-view.js';
import { parsePeriod } from './domain/period.js';
import { InsightsError } from './errors.js';
import { EXPORT_KINDS, parseExportArgs, writeExport } from './exports/index.js';
import { createLogger } from './logger.js';
import { digestMessage } from './render/digest-blocks.js';
import { openEmbeddedServer } from './store/embedded/server.js';

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'render':
      return render(rest);
    case 'sync':
      return sync();
    case 'digest':
      return digest(rest);
    case 'import':
      return importCommand(rest);
    case 'export':
      return exportCommand(rest);
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

async function serve(): Promise<number> {
  const config = loadConfig();
  // In the sandbox the page's address comes first: JSON logs only from warnings up, unless LOG_LEVEL says.
  const quiet = config.slack.mode === 'sandbox' && !process.env.LOG_LEVEL;
  // The embedded server starts (initdb, on a new DATA_DIR) in its own processes while the bot's
  // modules load; startBot then finds it starting or running. Its errors surface from startBot.
  const early = config.databaseUrl ? undefined : openEmbeddedServer(config.dataDir).catch(() => undefined);
  const { startBot } = await import('./main.js');
  const bot = await startBot(quiet ? { logger: createLogger({ level: 'warn' }) } : {}).finally(async () =>
    (await early)?.release(),
  );
  if (bot.standIn) {
    console.log(`Insights Bot sandbox: ${bot.url}  ← open it in your browser

  No Slack credentials are set, so the bot runs against a local Slack: type /insights containers
  in #docker-insights. Demo organization "${bot.config.demo.org}", embedded database ${bot.config.dataDir}.
  The same path from a terminal: curl -s ${bot.url}/sandbox/command -d 'text=containers 1m'
  Connect a real Slack workspace: see README.md ("Connect Slack").
`);
  } else {
    console.log(
      `Insights Bot is running (${bot.config.slack.mode} mode) on ${bot.url} — health: ${bot.url}/healthz`,
    );
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await bot.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return new Promise<number>(() => undefined); // runs until a signal
}

async function render(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { period: { type: 'string', default: '1m' }, out: { type: 'string' } },
  });
  const name = positionals[0]?.toLowerCase() ?? '';
  const chart = CHARTS.find((c) => c === name);
  if (!chart) {
    const guess = closest(name, CHARTS);
    console.error(
      `Unknown chart "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Charts: ${CHARTS.join(', ')}`,
    );
    return 2;
  }
  const period = parsePeriod(values.period ?? '1m');
  if (!period) {
    console.error(`Unknown period "${values.period}". Use 1w, 1m or 3m.`);
    return 2;
  }
  if (!values.out) {
    console.error('Missing --out <file.png>.');
    return 2;
  }
  const view = await withCore((core) => loadChartView(core.source, chart, period, new Date()));
  if (!view)
    throw new InsightsError('no_data', 'There is no Insights data yet. Run `insights-bot sync` first.');
  const { renderChartPng } = await import('./render/render-chart.js');
  await writeFile(values.out, renderChartPng(view));
  console.log(`Wrote ${values.out}: ${view.summary}`);
  return 0;
}

async function sync(): Promise<number> {
  return withCore(async (core) => {
    if (!core.docker) {
      console.error(
        'No Docker source to sync: set DOCKER_ORG and DOCKER_TOKEN (and DOCKER_USERNAME for a PAT).',
      );
      return 2;
    }
    const results = await core.sync(new Date());
    for (const r of results) console.log(`${r.ok ? 'ok    ' : 'FAILED'} ${r.source}: ${r.detail}`);
    return results.every((r) => r.ok) ? 0 : 1;
  });
}

async function digest(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean', default: false } } });
  const dryRun = values['dry-run'] ?? false;
  const config = loadConfig();
  if (!dryRun && config.slack.mode === 'sandbox') {
    console.error('Sending digests needs Slack: set SLACK_BOT_TOKEN (or use --dry-run to print the digest).');
    return 2;
  }
  // The bot's own start path: the same queue, schedule table and digest job, then one run.
  const { startBot } = await import('./main.js');
  const bot = await startBot({
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    logger: createLogger({ level: 'warn' }),
  });
  try {
    const run = await bot.runDigest(new Date(), { dryRun });
    if (dryRun) {
      console.log(
        run.digest
          ? JSON.stringify(digestMessage(run.digest), null, 2)
          : `No digest is due (data day ${run.dataDay ?? 'none'}).`,
      );
      return 0;
    }
    const sent = await bot.queue.drain();
    console.log(
      `Data day ${run.dataDay ?? 'none'}: queued ${run.queued.length} digest(s); sent ${sent.sent}, failed ${sent.failed}, pending ${sent.pending}.`,
    );
    return sent.failed > 0 ? 1 : 0;
  } finally {
    await bot.close();
  }
}

async function importCommand(args: string[]): Promise<number> {
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
  return withCore(async (core) => {
    const outcome = await core.importFile(
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

async function exportCommand(args: string[]): Promise<number> {
  const usage = `Usage: insights-bot export <${EXPORT_KINDS.join('|')}> [--period 1w|1m|3m] [--actor <user>] [--action <action>] [--since <YYYY-MM-DD|7d>] --out <file.csv>`;
  let parsedArgs: ReturnType<typeof parseExportOptions>;
  try {
    parsedArgs = parseExportOptions(args);
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const { positionals, values } = parsedArgs;
  if (positionals.length > 1) {
    console.error(
      `Unexpected "${positionals.slice(1).join(' ')}": give the period as --period and filters as --actor, --action, --since.\n${usage}`,
    );
    return 2;
  }
  if (positionals.length === 0) {
    console.error(usage);
    return 2;
  }
  // The same words as `/insights export …`, so both check them the same way.
  const tokens = [
    positionals[0] ?? '',
    ...(values.period !== undefined ? [values.period] : []),
    ...(['actor', 'action', 'since'] as const).flatMap((key) =>
      values[key] !== undefined ? [`${key}:${values[key]}`] : [],
    ),
  ];
  const request = parseExportArgs(tokens);
  if ('error' in request) {
    console.error(request.error);
    return 2;
  }
  const out = values.out;
  if (!out) {
    console.error('Missing --out <file.csv>.');
    return 2;
  }
  return withCore(async (core) => {
    let file: Awaited<ReturnType<typeof open>>;
    try {
      file = await open(out, 'w');
    } catch (err) {
      console.error(`Cannot write ${out}: ${(err as Error).message}`);
      return 1;
    }
    try {
      const result = await writeExport(
        { ...request, now: new Date() },
        { source: core.source, db: core.db },
        file.createWriteStream(),
      );
      console.log(`Wrote ${out}: ${result.summary}`);
      return 0;
    } catch (err) {
      await file.close().catch(() => undefined);
      await rm(out, { force: true });
      throw err;
    }
  });
}

function parseExportOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      period: { type: 'string' },
      actor: { type: 'string' },
      action: { type: 'string' },
      since: { type: 'string' },
      out: { type: 'string' },
    },
  });
}

async function withCore<T>(fn: (core: Core) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { openCore } = await import('./core.js');
  const core = await openCore(
    config,
    createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }),
  );
  try {
    return await fn(core);
  } finally {
    await core.close();
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

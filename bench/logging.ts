import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLogger } from '../src/logger.js';

const LINES = 50_000;
const SECRETS = ['xoxb-1111-2222-abcdefghijkl', 'signing9f8e7d6c5b4a39281716', 'ingest-Q1w2E3r4T5y6U7i8O9p0'];

/** A line as the bot writes them: a child's bindings, a few fields, now and then an error. */
function write(logger: pino.Logger, i: number): void {
  const child = logger.child({ subsystem: 'sync' });
  if (i % 10 === 0) {
    child.warn(
      { err: new Error(`hub.docker.com GET /v2/orgs/acme/members: unreachable (${i})`) },
      'sync failed',
    );
  } else child.info({ source: 'hub-members', rows: i, detail: { pages: 3, ms: 812 } }, 'source synced');
}

function linesPerSecond(logger: pino.Logger): number {
  const t = performance.now();
  for (let i = 0; i < LINES; i++) write(logger, i);
  return LINES / ((performance.now() - t) / 1000);
}

/** The cost of redacting every line (src/logger.ts) against plain pino, both into a sink that drops them. */
export async function benchLogging(): Promise<Record<string, string>> {
  const sink = () => new Writable({ write: (_c, _e, done) => done() });
  const plain = pino({ level: 'info' }, sink());
  const redacted = createLogger({ level: 'info', secrets: SECRETS, destination: sink() });
  linesPerSecond(plain); // warm-up
  linesPerSecond(redacted);
  const base = linesPerSecond(plain);
  const ours = linesPerSecond(redacted);
  return {
    'log lines per second, pino alone': `${Math.round(base).toLocaleString('en-US')}`,
    'log lines per second, with redaction (3 secrets)': `${Math.round(ours).toLocaleString('en-US')} (${(1e6 / ours).toFixed(1)} µs a line)`,
  };
}

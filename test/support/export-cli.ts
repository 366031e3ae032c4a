import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/** No Slack, no Docker API, no PostgreSQL unless a test sets one: the defaults a fresh install has. */
export const BASE_ENV = {
  SLACK_BOT_TOKEN: '',
  SLACK_SIGNING_SECRET: '',
  SLACK_APP_TOKEN: '',
  DOCKER_TOKEN: '',
  DOCKER_ORG: '',
  DATABASE_URL: '',
  DEMO_SEED: '',
  DEMO_ORG: '',
  DEMO_LAG_DAYS: '',
  LOG_LEVEL: 'warn',
};

const SUMMARY =
  /^Wrote (?<file>.+): (?<demo>Demo data · )?(?<org>\S+) (?<title>.+): (?<rows>[\d,]+) rows?, (?<detail>.+, )?data as of (?<asOf>\d{4}-\d{2}-\d{2}|none yet)\n$/;

export interface Summary {
  file: string;
  /** The rows are the demo organization's: the summary starts with `Demo data · `. */
  demo: boolean;
  org: string;
  title: string;
  rows: number;
  /** `period 1m (last 30 days), `, `filters …, `; '' when none. */
  detail: string;
  asOf: string;
}

export function summary(stdout: string): Summary {
  const g = SUMMARY.exec(stdout)?.groups;
  if (!g) throw new Error(`unexpected summary: ${JSON.stringify(stdout)}`);
  return {
    file: g.file ?? '',
    demo: g.demo !== undefined,
    org: g.org ?? '',
    title: g.title ?? '',
    rows: Number(g.rows?.replaceAll(',', '')),
    detail: g.detail ?? '',
    asOf: g.asOf ?? '',
  };
}

export async function readCsv(path: string): Promise<{ bytes: Buffer; header: string[]; rows: string[][] }> {
  const bytes = await readFile(path);
  const [header = [], ...rows] = parse(bytes, { record_delimiter: '\r\n' }) as string[][];
  return { bytes, header, rows };
}

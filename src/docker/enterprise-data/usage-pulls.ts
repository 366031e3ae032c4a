import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { parse } from 'csv-parse';
import { InsightsError } from '../../errors.js';
import { DockerApiError } from '../errors.js';

/** Pulls per UTC day per image (`namespace/repository`), summed over tags, users and clients. */
export interface UsagePulls {
  byDay: Map<string, Map<string, number>>;
  /** Data rows read. */
  rows: number;
}

export type CsvInput = Readable | NodeReadableStream<Uint8Array> | AsyncIterable<string | Uint8Array>;

/** A usage_pulls file that cannot be read, naming the line and column to look at. */
export class UsagePullsFormatError extends InsightsError {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: string,
    options?: ErrorOptions,
  ) {
    super('invalid_csv', message, options);
    this.name = 'UsagePullsFormatError';
  }
}

// The column set is unstable (§2.5): the current guide, the spec's schema example and the first guide each
// use different names. First match wins, so `event_count` beats `pull_count` when both are present.
const COLUMNS = {
  day: ['day', 'event_date', 'date'],
  repository: ['image_repository', 'repository'],
  namespace: ['namespace'],
  count: ['event_count', 'pull_count', 'pulls'],
} as const;

interface Row {
  record: Record<string, string | undefined>;
  info: { lines: number };
}

export async function parseUsagePulls(input: CsvInput): Promise<UsagePulls> {
  const source = toReadable(input);
  const parser = parse({
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
  });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);

  const byDay = new Map<string, Map<string, number>>();
  let rows = 0;
  let names: { day: string; repository: string; namespace?: string; count: string } | undefined;
  try {
    for await (const row of parser as AsyncIterable<Row>) {
      const { record, info } = row;
      names ??= resolveColumns(Object.keys(record));
      const line = info.lines;
      const day = dayOf(record[names.day] ?? '', line, names.day);
      const count = countOf(record[names.count] ?? '', line, names.count);
      const image = imageKey(
        record[names.repository] ?? '',
        names.namespace ? record[names.namespace] : undefined,
      );
      if (!image) {
        const column = names.repository;
        throw new UsagePullsFormatError(`usage_pulls line ${line}, column ${column}: empty`, line, column);
      }
      const images = byDay.get(day) ?? new Map<string, number>();
      byDay.set(day, images);
      images.set(image, (images.get(image) ?? 0) + count);
      rows++;
    }
  } catch (err) {
    source.destroy();
    // The download's own failures (too large, past its deadline) say what happened already.
    if (err instanceof UsagePullsFormatError || err instanceof DockerApiError) throw err;
    // csv-parse errors carry the line they stopped at.
    const lines = (err as { lines?: unknown }).lines;
    const line = typeof lines === 'number' ? lines : undefined;
    const reason = err instanceof Error ? err.message : String(err);
    const where = line === undefined ? '' : ` at line ${line}`;
    throw new UsagePullsFormatError(`usage_pulls CSV unreadable${where}: ${reason}`, line, undefined, {
      cause: err,
    });
  }
  return { byDay, rows };
}

function resolveColumns(header: string[]) {
  const pick = (choices: readonly string[]) => choices.find((c) => header.includes(c));
  const day = pick(COLUMNS.day);
  const repository = pick(COLUMNS.repository);
  const count = pick(COLUMNS.count);
  const missing = [
    day ? undefined : COLUMNS.day.join('|'),
    repository ? undefined : COLUMNS.repository.join('|'),
    count ? undefined : COLUMNS.count.join('|'),
  ].filter((m) => m !== undefined);
  if (!day || !repository || !count) {
    throw new UsagePullsFormatError(
      `usage_pulls line 1: missing column ${missing.join(', ')} (header: ${header.join(',')}). Check the report schema.`,
      1,
    );
  }
  return { day, repository, count, namespace: pick(COLUMNS.namespace) };
}

function dayOf(value: string, line: number, column: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
  if (!day)
    throw new UsagePullsFormatError(
      `usage_pulls line ${line}, column ${column}: "${value}" is not a date`,
      line,
      column,
    );
  return day;
}

function countOf(value: string, line: number, column: string): number {
  if (!/^\d+(\.0+)?$/.test(value)) {
    throw new UsagePullsFormatError(
      `usage_pulls line ${line}, column ${column}: "${value.slice(0, 40)}" is not a number`,
      line,
      column,
    );
  }
  return Number(value);
}

/** `namespace/repo`; a repository that already carries a namespace (older files, §2.5) loses it first. */
export function imageKey(repository: string, namespace: string | undefined): string {
  if (!namespace) return repository;
  const slash = repository.indexOf('/');
  return `${namespace}/${slash >= 0 ? repository.slice(slash + 1) : repository}`;
}

function toReadable(input: CsvInput): Readable {
  if (input instanceof Readable) return input;
  if ('getReader' in input) return Readable.fromWeb(input);
  return Readable.from(input);
}

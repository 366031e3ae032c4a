import { KEYED_METRICS, METRICS, type Metric, type MetricPoint } from '../../domain/insights.js';
import { ImportError, type ImportInput, quote, readCsv, readText, toReadable } from './csv.js';
import { parseCount, parseDay } from './values.js';

/** Our CSV encoding of the Insights figures Docker has no API for: `day,metric,key,value` (README.md). */
export const INSIGHTS_HEADERS = { day: ['day', 'date'], metric: ['metric'], key: ['key'], value: ['value'] };
type PointField = keyof typeof INSIGHTS_HEADERS;

export const INTERFACE_KEYS = ['cli', 'gui'] as const;

export type InsightsFormat = 'csv' | 'json';

export interface InsightsOptions {
  /** Default: from the file name (`.json`, `.csv`), else from the first character (`{` = JSON). */
  format?: InsightsFormat;
  filename?: string;
}

export interface InsightsDocument {
  /** The `org` of a JSON file; null for CSV or when absent. */
  org: string | null;
  points: MetricPoint[];
}

type Fail = (field: PointField, detail: string) => never;

/** Validates one point, and that no earlier point has the same day, metric and key. */
class PointCollector {
  readonly points: MetricPoint[] = [];
  private readonly seen = new Map<string, string>();

  add(day: string, metric: string, key: string, value: unknown, where: string, fail: Fail): void {
    const validDay = parseDay(day);
    if (!validDay) fail('day', `${quote(day)} is not a day (expected YYYY-MM-DD)`);
    if (!(METRICS as readonly string[]).includes(metric)) {
      fail('metric', `${quote(metric)} is not a metric (accepted: ${METRICS.join(', ')})`);
    }
    const known = metric as Metric;
    let validKey = key.trim();
    if (KEYED_METRICS.has(known) && validKey === '') fail('key', `metric "${known}" needs a key`);
    if (!KEYED_METRICS.has(known) && validKey !== '') {
      fail(
        'key',
        `metric "${known}" takes no key (got ${quote(validKey)}); only ${[...KEYED_METRICS].join(', ')} do`,
      );
    }
    if (known === 'interface_users') {
      validKey = validKey.toLowerCase();
      if (!(INTERFACE_KEYS as readonly string[]).includes(validKey)) {
        fail('key', `${quote(key)} is not an interface (accepted: ${INTERFACE_KEYS.join(', ')})`);
      }
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      fail(
        'value',
        `${typeof value === 'string' ? quote(value) : JSON.stringify(value)} is not a number ≥ 0`,
      );
    }
    const id = `${validDay}\u0000${known}\u0000${validKey}`;
    const previous = this.seen.get(id);
    if (previous)
      fail(
        'day',
        `repeats day ${validDay}, metric "${known}", key ${quote(validKey)} (first at ${previous})`,
      );
    this.seen.set(id, where);
    this.points.push({ day: validDay, metric: known, key: validKey, value });
  }
}

async function readInsightsCsv(input: ImportInput): Promise<MetricPoint[]> {
  const collector = new PointCollector();
  await readCsv(
    input,
    INSIGHTS_HEADERS,
    (columns) => {
      columns.require('day');
      columns.require('metric');
      columns.require('value');
    },
    (row) => {
      const text = row.get('value');
      const value = parseCount(text) ?? text;
      const fail: Fail = (field, detail) => row.fail(field, detail);
      collector.add(row.get('day'), row.get('metric'), row.get('key'), value, `line ${row.line}`, fail);
    },
  );
  return collector.points;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readInsightsJson(text: string): InsightsDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(detail);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : null;
    throw new ImportError(
      `${line ? `line ${line}: ` : ''}not valid JSON: ${detail}`,
      { line },
      { cause: error },
    );
  }
  if (!isRecord(doc) || !Array.isArray(doc.points)) {
    throw new ImportError(
      'expected a JSON object {"org": "...", "points": [{"day", "metric", "key", "value"}]}',
    );
  }
  if (doc.org !== undefined && doc.org !== null && typeof doc.org !== 'string') {
    throw new ImportError('"org" must be a string', { column: 'org' });
  }
  const collector = new PointCollector();
  doc.points.forEach((point: unknown, i) => {
    const where = `points[${i}]`;
    if (!isRecord(point))
      throw new ImportError(`${where}: expected an object {"day", "metric", "key", "value"}`);
    const fail: Fail = (field, detail) => {
      throw new ImportError(`${where}, field "${field}": ${detail}`, { column: field });
    };
    const text = (field: PointField): string => {
      const value = point[field] ?? '';
      if (typeof value !== 'string') fail(field, `${JSON.stringify(value)} is not a string`);
      return value;
    };
    collector.add(text('day'), text('metric'), text('key'), point.value, where, fail);
  });
  return { org: typeof doc.org === 'string' ? doc.org : null, points: collector.points };
}

/** Decides CSV or JSON without reading a stream twice: peeks at the first chunk. */
async function sniff(input: ImportInput): Promise<{ format: InsightsFormat; input: ImportInput }> {
  const looksJson = (head: string) => /^\uFEFF?\s*[{[]/.test(head);
  if (typeof input === 'string') return { format: looksJson(input) ? 'json' : 'csv', input };
  if (input instanceof Uint8Array) {
    return { format: looksJson(Buffer.from(input).toString('utf8', 0, 64)) ? 'json' : 'csv', input };
  }
  const iterator: AsyncIterator<string | Uint8Array> = toReadable(input)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return { format: 'csv', input: '' };
  const head =
    typeof first.value === 'string' ? first.value : Buffer.from(first.value).toString('utf8', 0, 64);
  async function* replay(): AsyncGenerator<string | Uint8Array> {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { format: looksJson(head) ? 'json' : 'csv', input: replay() };
}

/** Parses an Insights file (CSV or JSON, see README.md), with the JSON `org` when present. */
export async function readInsights(
  input: ImportInput,
  options: InsightsOptions = {},
): Promise<InsightsDocument> {
  const byName = options.filename?.toLowerCase().match(/\.(json|csv)$/)?.[1] as InsightsFormat | undefined;
  let format = options.format ?? byName;
  let source = input;
  if (!format) ({ format, input: source } = await sniff(input));
  if (format === 'json') return readInsightsJson(await readText(source));
  return { org: null, points: await readInsightsCsv(source) };
}

/** Parses an Insights file (CSV or JSON, see README.md) into metric points; throws an ImportError. */
export async function parseInsights(
  input: ImportInput,
  options: InsightsOptions = {},
): Promise<MetricPoint[]> {
  return (await readInsights(input, options)).points;
}

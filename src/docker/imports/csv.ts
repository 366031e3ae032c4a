import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { InsightsError } from '../../errors.js';

/** What a parser reads: a whole file as text or bytes, or a stream of it (an upload, a file). */
export type ImportInput = string | Uint8Array | Readable | AsyncIterable<string | Uint8Array>;

/**
 * A file that cannot be imported. `line` is the 1-based line of the file (the header is line 1),
 * `column` the header name as written in the file; either is null when it does not apply.
 */
export class ImportError extends InsightsError {
  readonly line: number | null;
  readonly column: string | null;

  constructor(
    message: string,
    where: { line?: number | null; column?: string | null } = {},
    options?: ErrorOptions,
  ) {
    super('import_invalid', message, options);
    this.name = 'ImportError';
    this.line = where.line ?? null;
    this.column = where.column ?? null;
  }
}

/** `line 7, column "Last Seen Date": <detail>` as an ImportError. */
export function cellError(line: number, column: string, detail: string): ImportError {
  return new ImportError(`line ${line}, column "${column}": ${detail}`, { line, column });
}

/** A value quoted for an error message (shortened when long). */
export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** Header names compare case-insensitively, ignoring spaces and punctuation. */
export function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** For each field, the header names that may hold it, preferred first. */
export type ColumnAliases<F extends string> = Record<F, readonly string[]>;

/** Which column of the file holds each field. */
export class Columns<F extends string> {
  private readonly index = new Map<F, number>();
  private readonly names = new Map<F, string>();

  constructor(
    /** The header row as written in the file. */
    readonly found: readonly string[],
    private readonly aliases: ColumnAliases<F>,
  ) {
    const positions = new Map<string, number>();
    found.forEach((name, i) => {
      const key = normalizeHeader(name);
      if (key && !positions.has(key)) positions.set(key, i);
    });
    for (const field of Object.keys(aliases) as F[]) {
      for (const alias of aliases[field]) {
        const i = positions.get(normalizeHeader(alias));
        if (i === undefined) continue;
        this.index.set(field, i);
        this.names.set(field, found[i] ?? alias);
        break;
      }
    }
  }

  has(field: F): boolean {
    return this.index.has(field);
  }

  position(field: F): number {
    return this.index.get(field) ?? -1;
  }

  /** The header as written in the file, or the preferred name when the file has no such column. */
  name(field: F): string {
    return this.names.get(field) ?? this.aliases[field][0] ?? field;
  }

  /** Throws unless the file has a column for at least one of `fields`. */
  require(...fields: F[]): void {
    if (fields.some((field) => this.has(field))) return;
    const wanted = fields.flatMap((field) => this.aliases[field].map((alias) => `"${alias}"`));
    const what = fields.length > 1 ? 'one of the columns' : 'the column';
    const label = fields.map((field) => `"${this.aliases[field][0] ?? field}"`).join(' or ');
    throw new ImportError(
      `line 1: missing required column ${label}: the header needs ${what} ${wanted.join(', ')}; ` +
        `headers found: ${this.found.map((name) => `"${name}"`).join(', ') || '(none)'}`,
      { line: 1, column: this.aliases[fields[0] as F][0] ?? fields[0] ?? null },
    );
  }
}

/** One data row: cells by field, trimmed; errors name the row's line and the column's header. */
export class CsvRow<F extends string> {
  constructor(
    readonly line: number,
    private readonly cells: readonly string[],
    private readonly columns: Columns<F>,
  ) {}

  /** Whether the file has a column for `field`. */
  has(field: F): boolean {
    return this.columns.has(field);
  }

  /** The trimmed cell, or '' when empty or the file has no such column. */
  get(field: F): string {
    const i = this.columns.position(field);
    return i < 0 ? '' : (this.cells[i] ?? '').trim();
  }

  /** The trimmed cell, or null when empty or absent. */
  optional(field: F): string | null {
    return this.get(field) || null;
  }

  fail(field: F, detail: string): never {
    throw cellError(this.line, this.columns.name(field), detail);
  }
}

export function toReadable(input: ImportInput): Readable {
  if (input instanceof Readable) return input;
  if (typeof input === 'string' || input instanceof Uint8Array) return Readable.from([input]);
  return Readable.from(input);
}

/**
 * Streams a CSV file through csv-parse: the first record is the header (`onHeader` checks the
 * required columns), every later non-blank record goes to `onRow`, which validates it or throws.
 * Records are handled in csv-parse's `on_record` hook, as they are parsed, and not kept.
 */
export async function readCsv<F extends string>(
  input: ImportInput,
  aliases: ColumnAliases<F>,
  onHeader: (columns: Columns<F>) => void,
  onRow: (row: CsvRow<F>) => void,
): Promise<void> {
  let columns: Columns<F> | undefined;
  let failure: unknown;
  // Our own line count: csv-parse counts a CRLF inside a quoted cell as two lines.
  let endLine = 0;
  let emptyLines = 0;
  let drift = 0;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    on_record: (record: string[], info) => {
      const line = endLine + (info.empty_lines - emptyLines) + 1;
      endLine = line + lineBreaks(record);
      emptyLines = info.empty_lines;
      drift = info.lines - endLine;
      try {
        if (!columns) {
          columns = new Columns(
            record.map((name) => name.trim()),
            aliases,
          );
          onHeader(columns);
        } else if (record.some((cell) => cell.trim() !== '')) {
          onRow(new CsvRow(line, record, columns));
        }
      } catch (error) {
        // Kept: pipeline may reject with an AbortError from the source it destroys instead.
        failure = error;
        throw error;
      }
      return null;
    },
  });
  const discard = new Writable({ objectMode: true, write: (_record, _encoding, done) => done() });
  try {
    await pipeline(toReadable(input), parser, discard);
  } catch (error) {
    if (failure) throw failure;
    if (!(error instanceof CsvError)) throw error;
    throw csvSyntaxError(
      error,
      error.code === 'CSV_QUOTE_NOT_CLOSED' ? endLine + 1 : Number(error.lines) - drift,
    );
  }
  if (!columns) throw new ImportError('the file is empty: expected a header row', { line: 1 });
}

/** Line breaks inside the (quoted) cells of a record. */
function lineBreaks(record: readonly string[]): number {
  let count = 0;
  for (const cell of record) {
    if (cell.includes('\n') || cell.includes('\r')) count += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return count;
}

function csvSyntaxError(error: CsvError, line: number): ImportError {
  const counts = /expect (\d+), got (\d+)/.exec(error.message);
  let detail = `not valid CSV: ${error.message}`;
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && counts) {
    detail =
      `the row has ${counts[2]} cells but the header has ${counts[1]} ` +
      '(a value containing a comma must be in double quotes)';
  } else if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    detail =
      'a quoted value that starts on this line is never closed (a quote inside a value must be doubled: "")';
  }
  return new ImportError(`line ${line}: ${detail}`, { line }, { cause: error });
}

/** The whole input as text (for JSON), without a byte-order mark. */
export async function readText(input: ImportInput): Promise<string> {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  const chunks: Buffer[] = [];
  for await (const chunk of toReadable(input)) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

import { Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Stringifier, stringify } from 'csv-stringify';

/** One cell: text, a number, or nothing (an empty cell). */
export type Cell = string | number | null | undefined;
export type Row = readonly Cell[];

/**
 * First characters a spreadsheet reads as the start of a formula (OWASP "CSV Injection"): `=`, `+`,
 * `-`, `@`, tab and carriage return, and the full-width `＝ ＋ － ＠` that Apple Numbers normalises to them.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * Neutralises a text cell against formula injection by prefixing a single quote (`=1+1` → `'=1+1`):
 * spreadsheets then show the text instead of running it. Numbers are written as numbers and never
 * need this (a negative count stays `-5`).
 */
export function neutraliseFormula(value: string): string {
  return value.length > 0 && FORMULA_START.has(value[0] ?? '') ? `'${value}` : value;
}

/**
 * A csv-stringify stream with our CSV dialect: a header line, `,` between cells, RFC 4180 quoting (a
 * cell holding a comma, a double quote, CR or LF is quoted, quotes doubled), `\r\n` line ends, UTF-8
 * without a byte-order mark, and every text cell neutralised against formula injection. It takes rows
 * (arrays of cells) and emits one string per line (object mode); writeCsv() joins them into chunks.
 */
export function csvStream(columns: readonly string[]): Stringifier {
  return stringify({
    header: true,
    columns: [...columns],
    bom: false,
    // Each record is pushed as a string; `coalesce()` joins them into large chunks for the destination.
    readableObjectMode: true,
    // `\r\n`, as RFC 4180 says; Excel, Numbers, LibreOffice, Google Sheets, csv-parse and our import read it.
    record_delimiter: 'windows',
    // With a record delimiter set, csv-stringify would leave a lone `\n` or `\r` unquoted: RFC 4180 wants it quoted.
    quote_record_delimiter: true,
    cast: { string: (value, context) => (context.header ? value : neutraliseFormula(value)) },
  });
}

/**
 * Writes the header and `rows` as CSV into `out` and ends it, one row at a time (backpressure from
 * `out` pauses the rows), and resolves with the number of rows once `out` has flushed everything.
 * Rows read asynchronously come a page at a time (`AsyncIterable` of pages): a promise per page, not
 * per row, keeps 100,000 rows cheap.
 * `out` gets ~64 KB buffers of UTF-8, not one small buffer per line: a 100,000-row export then
 * leaves little garbage behind it. Rejects (and destroys `out`) if the rows, the stringifier or `out` fail.
 */
export async function writeCsv(
  columns: readonly string[],
  rows: Iterable<Row> | AsyncIterable<Iterable<Row>>,
  out: Writable,
): Promise<number> {
  const csv = csvStream(columns);
  const done = pipeline(csv, coalesce(), out);
  // Awaited below; handled now so a failure while rows are still being written is not "unhandled".
  done.catch(() => undefined);
  let count = 0;
  try {
    // Rows are written straight into the stringifier (no stream in front of it: that doubled the time),
    // waiting for it to drain whenever its buffer is full.
    const pages: Iterable<Iterable<Row>> | AsyncIterable<Iterable<Row>> =
      Symbol.asyncIterator in rows ? rows : [rows];
    for await (const page of pages) {
      for (const row of page) {
        count++;
        if (!csv.write(row)) await drained(csv);
      }
    }
    csv.end();
  } catch (err) {
    csv.destroy(err as Error);
  }
  await done;
  return count;
}

/** Joins CSV lines into ~64 KB chunks. */
function coalesce(size = 65_536): Transform {
  let parts: string[] = [];
  let length = 0;
  return new Transform({
    writableObjectMode: true,
    transform(line: string, _encoding: BufferEncoding, callback: TransformCallback) {
      parts.push(line);
      length += line.length;
      if (length >= size) {
        const chunk = parts.join('');
        parts = [];
        length = 0;
        callback(null, chunk);
      } else {
        callback();
      }
    },
    flush(callback: TransformCallback) {
      callback(null, length > 0 ? parts.join('') : undefined);
    },
  });
}

/** Resolves when `stream` can take more; rejects if it is destroyed first (the pipeline says why). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      reject(stream.errored ?? new Error('the CSV stream was closed'));
      return;
    }
    const onDrain = () => {
      stream.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      stream.off('drain', onDrain);
      reject(stream.errored ?? new Error('the CSV stream was closed'));
    };
    stream.once('drain', onDrain);
    stream.once('close', onClose);
  });
}

/** The UTC day of an ISO date-time, `YYYY-MM-DD`; '' for none. */
export function isoDay(iso: string | null | undefined): string {
  if (!iso) return '';
  // The stores and the demo give UTC (`…Z`) or plain days: the day is the first ten characters.
  const utc = iso.length === 10 || (iso.charCodeAt(10) === 84 /* T */ && iso.endsWith('Z'));
  if (utc && iso.charCodeAt(4) === 45 /* - */) return iso.slice(0, 10);
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

/** An instant as ISO-8601 UTC to the second, `2026-11-20T09:15:00Z`; '' for none. */
export function isoSeconds(at: string | Date | null | undefined): string {
  if (!at) return '';
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return `${date.toISOString().slice(0, 19)}Z`;
}

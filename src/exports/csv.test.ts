import { PassThrough, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { isoDay, isoSeconds, neutraliseFormula, type Row, writeCsv } from './csv.js';

/** Collects what is written, optionally slowly (a small buffer and a delay per chunk, to apply backpressure). */
function sink(options: { slow?: boolean; highWaterMark?: number } = {}) {
  const chunks: Buffer[] = [];
  let lines = 0;
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16_384,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      for (const byte of chunk) if (byte === 10) lines++;
      if (options.slow) setImmediate(callback);
      else callback();
    },
  });
  return {
    stream,
    /** Lines written so far. */
    lines: () => lines,
    bytes: () => Buffer.concat(chunks),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1', `'+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tx', `'\tx`],
    ['\rx', `'\rx`],
    ['\uFF1D1+1', `'\uFF1D1+1`],
  ])('prefixes %j with a single quote', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it.each(['', 'Alice', 'a=b', ' =x', "'=x", '4.35.0', '2026-11-20', 'Zoë Ångström'])(
    'leaves %j alone',
    (text) => {
      expect(neutraliseFormula(text)).toBe(text);
    },
  );
});

describe('writeCsv', () => {
  it('writes a header, RFC 4180 quoting, \\r\\n line ends, UTF-8 without BOM, and neutralised text cells', async () => {
    const out = sink();
    const rows: Row[] = [
      ['Zoë, "Z" Ångström', 'two\nlines', 'cr\ronly', '李雷'],
      ['=1+1', -5, 42.5, null],
      ['', undefined, 0, '@me'],
    ];
    const count = await writeCsv(['Name', 'Note', 'N', 'Other'], rows, out.stream);
    expect(count).toBe(3);
    expect(out.bytes()[0]).toBe('N'.charCodeAt(0)); // no byte-order mark
    expect(out.text()).toBe(
      'Name,Note,N,Other\r\n' +
        '"Zoë, ""Z"" Ångström","two\nlines","cr\ronly",李雷\r\n' +
        `'=1+1,-5,42.5,\r\n` +
        `,,0,'@me\r\n`,
    );
    expect(parse(out.bytes(), { record_delimiter: '\r\n' })).toEqual([
      ['Name', 'Note', 'N', 'Other'],
      ['Zoë, "Z" Ångström', 'two\nlines', 'cr\ronly', '李雷'],
      [`'=1+1`, '-5', '42.5', ''],
      ['', '', '0', `'@me`],
    ]);
  });

  it('writes only the header when there are no rows', async () => {
    const out = sink();
    expect(await writeCsv(['A', 'B'], [], out.stream)).toBe(0);
    expect(out.text()).toBe('A,B\r\n');
  });

  it('pauses for a slow destination and resolves after the last byte is written', async () => {
    const out = sink({ slow: true, highWaterMark: 64 });
    const padding = 'x'.repeat(100);
    let produced = 0;
    let maxAhead = 0;
    function* rows(): Generator<Row> {
      for (let i = 0; i < 20_000; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - out.lines());
        yield [`row ${i} ${padding}`, i];
      }
    }
    let finished = false;
    out.stream.on('finish', () => {
      finished = true;
    });
    expect(await writeCsv(['Name', 'N'], rows(), out.stream)).toBe(20_000);
    expect(finished).toBe(true);
    const records = parse(out.bytes()) as string[][];
    expect(records).toHaveLength(20_001);
    expect(records.at(-1)).toEqual([`row 19999 ${padding}`, '19999']);
    // Backpressure: the rows (2.3 MB of CSV) were never more than the streams' buffers (a 64 KB chunk
    // and a few small ones, ~1,000 rows) ahead of what reached the destination.
    expect(maxAhead).toBeLessThan(2_000);
  });

  it('rejects, and destroys the destination, when the rows fail', async () => {
    const out = new PassThrough();
    out.resume();
    function* rows(): Generator<Row> {
      yield ['ok'];
      throw new Error('database went away');
    }
    await expect(writeCsv(['A'], rows(), out)).rejects.toThrow('database went away');
    expect(out.destroyed).toBe(true);
  });
});

describe('cell formats', () => {
  it('writes days and instants in UTC', () => {
    expect(isoDay('2026-11-20T23:30:00.000Z')).toBe('2026-11-20');
    expect(isoDay('2026-11-20T23:30:00-05:00')).toBe('2026-11-21');
    expect(isoDay('2026-11-20')).toBe('2026-11-20');
    expect(isoDay(null)).toBe('');
    expect(isoSeconds('2026-11-20T09:15:00.123Z')).toBe('2026-11-20T09:15:00Z');
    expect(isoSeconds(new Date('2026-11-20T09:15:00+01:00'))).toBe('2026-11-20T08:15:00Z');
    expect(isoSeconds(null)).toBe('');
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importFailure as failure } from '../../../test/support/import-fixtures.js';
import { normalizeHeader, readCsv } from './csv.js';
import { parseCount, parseTimestamp } from './values.js';

const ALIASES = { name: ['Name'], lastLogin: ['Last Logged-In Date'] };

async function rows(input: string | Readable): Promise<[number, string, string][]> {
  const out: [number, string, string][] = [];
  await readCsv(
    input,
    ALIASES,
    (columns) => columns.require('name'),
    (row) => out.push([row.line, row.get('name'), row.get('lastLogin')]),
  );
  return out;
}

describe('header matching', () => {
  it('ignores case, spaces and punctuation', async () => {
    expect(normalizeHeader('Last Logged-In Date')).toBe('lastloggedindate');
    for (const header of ['last_logged_in_date', 'lastloggedindate', ' LAST logged in (date) ']) {
      expect(await rows(`name,${header}\nAda,2026-01-02\n`)).toEqual([[2, 'Ada', '2026-01-02']]);
    }
  });

  it('names the missing column and lists the headers found', async () => {
    const error = await failure(rows('Full,Other\nAda,x\n'));
    expect(error.code).toBe('import_invalid');
    expect(error.line).toBe(1);
    expect(error.column).toBe('Name');
    expect(error.message).toContain('missing required column "Name"');
    expect(error.message).toContain('headers found: "Full", "Other"');
  });
});

describe('readCsv', () => {
  it('handles a BOM, CRLF, blank lines and multi-line quoted cells, counting file lines', async () => {
    const text = '\uFEFFName,Last Logged-In Date\r\n"Ada\r\nLovelace",x\r\n\r\n,\r\nBob,y\r\n';
    expect(await rows(text)).toEqual([
      [2, 'Ada\r\nLovelace', 'x'],
      [6, 'Bob', 'y'],
    ]);
  });

  it('reads a stream in small chunks', async () => {
    const text = 'Name,Last Logged-In Date\nZoë Ångström,a\n"Doe, ""JJ"" John",b\n';
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    expect(await rows(Readable.from(chunks))).toEqual([
      [2, 'Zoë Ångström', 'a'],
      [3, 'Doe, "JJ" John', 'b'],
    ]);
  });

  it('reports a row with the wrong number of cells by line', async () => {
    const error = await failure(rows('Name,Last Logged-In Date\nAda,x\nDoe, John,y\n'));
    expect(error.line).toBe(3);
    expect(error.message).toBe(
      'line 3: the row has 3 cells but the header has 2 (a value containing a comma must be in double quotes)',
    );
  });

  it('reports an unclosed quote at the line where it opens, an empty file and a read error', async () => {
    const unclosed = await failure(rows('Name,Last Logged-In Date\r\n"A\r\nB",x\r\nC,"y\r\nD,z\r\n'));
    expect(unclosed.line).toBe(4);
    expect(unclosed.message).toMatch(/^line 4: a quoted value that starts on this line is never closed/);
    expect((await failure(rows(''))).message).toContain('the file is empty');
    const broken = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(rows(broken)).rejects.toThrow('disk gone');
  });
});

describe('values', () => {
  it('parses the accepted date formats to ISO and rejects impossible dates', () => {
    expect(parseTimestamp('2026-11-20')).toBe('2026-11-20T00:00:00.000Z');
    expect(parseTimestamp('2026-11-20T10:00:00Z')).toBe('2026-11-20T10:00:00.000Z');
    expect(parseTimestamp('2026-11-20T10:00:00.25+02:00')).toBe('2026-11-20T08:00:00.250Z');
    expect(parseTimestamp('2020-01-01 15:00:51.193355 +0000 UTC')).toBe('2020-01-01T15:00:51.193Z');
    expect(parseTimestamp('11/20/2026')).toBe('2026-11-20T00:00:00.000Z');
    expect(parseTimestamp('11/20/2026 1:05 PM')).toBe('2026-11-20T13:05:00.000Z');
    expect(parseTimestamp('')).toBeNull();
    for (const bad of ['31/02/2026', '2026-02-30', '2026-13-01', 'yesterday', '2026-11-20T25:00:00Z']) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });

  it('parses counts', () => {
    expect(parseCount('12')).toBe(12);
    expect(parseCount('3.5')).toBe(3.5);
    for (const bad of ['', '-1', 'abc', '0x10', 'Infinity', '1,000']) expect(parseCount(bad)).toBeUndefined();
  });
});

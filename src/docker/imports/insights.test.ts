import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importFailure as failure, importFixture as fixture } from '../../../test/support/import-fixtures.js';
import { parseInsights, readInsights } from './insights.js';

const csv = (...rows: string[]) => `day,metric,key,value\n${rows.join('\n')}\n`;

describe('parseInsights (CSV)', () => {
  it('parses the sample', async () => {
    const points = await parseInsights(fixture('insights-sample.csv'));
    expect(points).toHaveLength(19);
    expect(points[0]).toEqual({ day: '2026-11-19', metric: 'active_users', key: '', value: 42 });
    expect(points[3]).toEqual({ day: '2026-11-19', metric: 'build_seconds', key: '', value: 30725.5 });
    expect(points).toContainEqual({
      day: '2026-11-19',
      metric: 'pulls',
      key: 'library/postgres',
      value: 210,
    });
    expect(points).toContainEqual({ day: '2026-11-19', metric: 'interface_users', key: 'gui', value: 27 });
  });

  it('accepts a header without the key column, in any case', async () => {
    expect(await parseInsights('\uFEFFDay, Metric ,VALUE\n2026-11-20,containers,7\n')).toEqual([
      { day: '2026-11-20', metric: 'containers', key: '', value: 7 },
    ]);
  });

  it('names the line and column of a bad row', async () => {
    let error = await failure(parseInsights(csv('2026-11-20,containers,,1', '2026-11-20,cpus,,1')));
    expect(error).toMatchObject({ line: 3, column: 'metric' });
    expect(error.message).toBe(
      'line 3, column "metric": "cpus" is not a metric (accepted: active_users, builds_succeeded, builds_failed, ' +
        'build_seconds, containers, version_users, os_users, interface_users, pulls, pushes, extension_users, ' +
        'extension_any_users)',
    );
    error = await failure(parseInsights(csv('2026-11-31,containers,,1')));
    expect(error.message).toBe('line 2, column "day": "2026-11-31" is not a day (expected YYYY-MM-DD)');
    error = await failure(parseInsights(csv('2026-11-20,containers,,-3')));
    expect(error.message).toBe('line 2, column "value": "-3" is not a number ≥ 0');
    error = await failure(parseInsights(csv('2026-11-20,containers,,')));
    expect(error.column).toBe('value');
    error = await failure(parseInsights(csv('2026-11-20,pulls,,5')));
    expect(error.message).toBe('line 2, column "key": metric "pulls" needs a key');
    error = await failure(parseInsights(csv('2026-11-20,containers,x,5')));
    expect(error.message).toMatch(/^line 2, column "key": metric "containers" takes no key/);
    error = await failure(parseInsights(csv('2026-11-20,interface_users,web,5')));
    expect(error.message).toBe('line 2, column "key": "web" is not an interface (accepted: cli, gui)');
    error = await failure(parseInsights(csv('2026-11-20,os_users,Linux,5', '2026-11-20,os_users,Linux,6')));
    expect(error.message).toBe(
      'line 3, column "day": repeats day 2026-11-20, metric "os_users", key "Linux" (first at line 2)',
    );
  });

  it('names a missing column', async () => {
    const error = await failure(parseInsights('day,metric,key\n2026-11-20,containers,\n'));
    expect(error.message).toContain('missing required column "value"');
  });
});

describe('parseInsights (JSON)', () => {
  it('parses the sample, with its org', async () => {
    const doc = await readInsights(fixture('insights-sample.json'));
    expect(doc.org).toBe('acme');
    expect(doc.points).toHaveLength(6);
    expect(doc.points[1]).toEqual({ day: '2026-11-19', metric: 'containers', key: '', value: 356 });
    expect(doc.points[4]).toEqual({ day: '2026-11-19', metric: 'interface_users', key: 'cli', value: 38 });
  });

  it('picks the format from the file name or the content', async () => {
    const json = '\uFEFF  {"points":[{"day":"2026-11-20","metric":"containers","key":"","value":3}]}';
    const expected = [{ day: '2026-11-20', metric: 'containers', key: '', value: 3 }];
    expect(await parseInsights(json)).toEqual(expected);
    expect(await parseInsights(Readable.from([Buffer.from(json)]))).toEqual(expected);
    expect(await parseInsights(Readable.from([csv('2026-11-20,containers,,3')]))).toEqual(expected);
    expect(await parseInsights(Buffer.from(json), { filename: 'x.JSON' })).toEqual(expected);
  });

  it('names the point and field of a bad point', async () => {
    const doc = (point: object) =>
      JSON.stringify({ points: [{ day: '2026-11-20', metric: 'containers', value: 1 }, point] });
    let error = await failure(parseInsights(doc({ day: '2026-11-20', metric: 'active_users', value: '3' })));
    expect(error).toMatchObject({ line: null, column: 'value' });
    expect(error.message).toBe('points[1], field "value": "3" is not a number ≥ 0');
    error = await failure(parseInsights(doc({ day: '20-11-2026', metric: 'active_users', value: 3 })));
    expect(error.message).toBe('points[1], field "day": "20-11-2026" is not a day (expected YYYY-MM-DD)');
    error = await failure(parseInsights(doc({ day: '2026-11-20', metric: 'builds', value: 3 })));
    expect(error.message).toMatch(
      /^points\[1\], field "metric": "builds" is not a metric \(accepted: active_users/,
    );
  });

  it('rejects invalid JSON and a wrong shape', async () => {
    const error = await failure(parseInsights('{\n  "points": [\n    {"day": }\n  ]\n}'));
    expect(error.message).toContain('not valid JSON');
    await expect(parseInsights('{"data": []}')).rejects.toThrow(/expected a JSON object/);
  });
});

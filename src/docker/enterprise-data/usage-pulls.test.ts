import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { imageKey, parseUsagePulls, UsagePullsFormatError } from './usage-pulls.js';

const stream = (text: string) => Readable.from([text]);
const plain = (byDay: Map<string, Map<string, number>>) =>
  Object.fromEntries([...byDay].map(([day, images]) => [day, Object.fromEntries(images)]));

describe('parseUsagePulls', () => {
  it('sums event_count per day and namespace/repository over tags and users', async () => {
    const csv = [
      'day,hub_username,image_repository,namespace,tag,event_count',
      '2026-06-16,alice,web,acme,latest,3',
      '2026-06-16,bob,web,acme,1.2,4',
      '2026-06-16,bob,acme/api,acme,latest,1',
      '2026-06-17,alice,web,acme,latest,2',
      '',
    ].join('\n');
    const result = await parseUsagePulls(stream(csv));
    expect(result.rows).toBe(4);
    expect(plain(result.byDay)).toEqual({
      '2026-06-16': { 'acme/web': 7, 'acme/api': 1 },
      '2026-06-17': { 'acme/web': 2 },
    });
  });

  it('reads headers case-insensitively, with a BOM, from a web stream', async () => {
    const csv = '\uFEFFEvent_Date,Repository,Tag,Pull_Count\r\n2026-06-16T00:00:00Z,acme/web,latest,5\r\n';
    const web = new Blob([csv]).stream();
    const result = await parseUsagePulls(web);
    expect(plain(result.byDay)).toEqual({ '2026-06-16': { 'acme/web': 5 } });
  });

  it('names the line and column of a count that is not a number', async () => {
    const csv = 'date,repository,pulls\n2026-06-16,acme/web,1\n2026-06-16,acme/api,lots\n';
    const err = await parseUsagePulls(stream(csv)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsagePullsFormatError);
    expect(err).toMatchObject({ line: 3, column: 'pulls' });
    expect((err as Error).message).toContain('line 3, column pulls');
  });

  it('names the missing columns', async () => {
    const err = await parseUsagePulls(stream('day,tag\n2026-06-16,latest\n')).catch((e: unknown) => e);
    expect((err as Error).message).toContain(
      'missing column image_repository|repository, event_count|pull_count|pulls',
    );
  });

  it('builds the image key from namespace and repository', () => {
    expect(imageKey('web', 'acme')).toBe('acme/web');
    expect(imageKey('acme/web', 'acme')).toBe('acme/web');
    expect(imageKey('acme/web', undefined)).toBe('acme/web');
    expect(imageKey('web', '')).toBe('web');
  });
});

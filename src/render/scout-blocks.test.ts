import { describe, expect, it } from 'vitest';
import type { ScoutStreamSummary, ScoutSummary } from '../domain/scout-summary.js';
import { scoutMessage } from './scout-blocks.js';
import { blockTextLength } from './slack-text.js';

const AT = new Date('2026-11-21T08:00:00Z');

const stream = (name: string, policies: number, failing = 0): ScoutStreamSummary => ({
  name,
  vulnerabilities: { high: 12, critical: 1, medium: 40 },
  policies: Array.from({ length: policies }, (_, i) => ({
    id: `p${i}`,
    displayName: `Policy ${i}`,
    compliant: i < failing ? 9 : 12,
    evaluated: 12,
    failing: i < failing,
  })),
});

const summary = (over: Partial<ScoutSummary> = {}): ScoutSummary => ({
  org: 'acme',
  scrapedAt: AT,
  streams: [stream('production', 2, 1)],
  images: [],
  ...over,
});

const json = (value: unknown) => JSON.stringify(value);

describe('scoutMessage', () => {
  it('shows each stream with its vulnerability counts and one field per policy, failing ones marked', () => {
    const { text, blocks } = scoutMessage(summary(), { configured: true });
    expect(text).toBe('Docker Scout for acme: 1 of 2 policy results failing, as of 21 Nov 2026, 08:00 UTC.');
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Docker Scout — acme' } });
    expect(blocks[2]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*production* · vulnerabilities: 1 critical, 12 high, 40 medium' },
      fields: [
        { type: 'mrkdwn', text: ':x: *Policy 0* — 9/12 (75%)' },
        { type: 'mrkdwn', text: ':white_check_mark: *Policy 1* — 12/12 (100%)' },
      ],
    });
  });

  it('escapes names and never rounds a failing policy up to 100%', () => {
    const s = stream('<!channel>', 1);
    s.policies = [{ id: 'x', displayName: 'A & <b>', compliant: 999, evaluated: 1000, failing: true }];
    const { blocks } = scoutMessage(summary({ streams: [s] }), { configured: true });
    expect(json(blocks)).toContain('*&lt;!channel&gt;*');
    expect(json(blocks)).toContain(':x: *A &amp; &lt;b&gt;* — 999/1000 (99%)');
  });

  it('stays under 50 blocks, 10 fields per section and the text cap with many streams and policies', () => {
    const streams = Array.from({ length: 40 }, (_, i) => stream(`env-${i}`, 23, 3));
    const { blocks } = scoutMessage(
      summary({
        streams,
        images: [
          {
            image: 'acme/api:1.4',
            format: 'sarif',
            receivedAt: AT,
            counts: { critical: 2, high: 0, medium: 2, low: 1, unspecified: 0 },
            findings: 2,
          },
        ],
      }),
      { configured: true },
    );
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) if (b.type === 'section') expect(b.fields?.length ?? 0).toBeLessThanOrEqual(10);
    expect(blockTextLength(blocks)).toBeLessThan(12_000);
    expect(json(blocks)).toMatch(/…and \d+ more streams not shown/);
    expect(json(blocks.at(-1))).toContain('`acme/api:1.4` — 2 critical, 2 medium, 1 low');
  });

  it('says when there is no data yet, and how to turn it on when not configured', () => {
    const empty = summary({ scrapedAt: null, streams: [] });
    expect(json(scoutMessage(empty, { configured: true }).blocks)).toContain('No Scout data yet');
    const off = scoutMessage(empty, { configured: false });
    expect(off.text).toContain('not configured: set SCOUT_TOKEN');
    expect(json(off.blocks)).toContain('set `SCOUT_TOKEN` to a personal access token of an owner of *acme*');
  });
});

import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { createDemoSource } from '../demo/demo-source.js';
import { buildDigest, type Digest, type DigestFigure, digestRange } from '../domain/digest.js';
import { CHARTS } from '../domain/insights.js';
import { DEMO_NOTICE } from './demo-notice.js';
import { digestMessage } from './digest-blocks.js';
import { blockTextLength, mrkdwnSafe } from './slack-text.js';

const asOf = '2026-11-20';

function digest(over: Partial<Digest> = {}): Digest {
  const figures: DigestFigure[] = [
    { label: 'Active users', value: '192', change: { direction: 'up', pct: 12.2 } },
    { label: 'Organization members', value: '250', change: null },
    { label: 'Opted out of analytics', value: '7', change: null },
  ];
  return {
    org: 'acme',
    dataDay: asOf,
    period: '1w',
    periodLabel: 'last 7 days',
    from: '2026-11-14',
    to: asOf,
    sections: [
      { chart: 'users', title: 'Docker Desktop users', figures },
      {
        chart: 'containers',
        title: 'Containers',
        figures: [
          { label: 'Containers run', value: '1,234', change: { direction: 'down', pct: -3.4 } },
          { label: 'Per active user', value: '6.4', change: { direction: 'flat', pct: 0.2 } },
        ],
      },
      {
        chart: 'images',
        title: 'Docker Hub images',
        figures: [{ label: 'Pushed', value: '12', change: { direction: 'new', pct: 0 } }],
      },
    ],
    missing: [
      'Builds: No configured source provides builds per day; an import (`x <file>`) would provide it.',
    ],
    openAlerts: 2,
    summary: 'Docker Insights — acme · week to Nov 20 · Active users 192 (↑ 12%)',
    trends: [],
    demo: false,
    ...over,
  };
}

const section = (b: KnownBlock | undefined) => b as SectionBlock;
const fieldsOf = (b: KnownBlock | undefined) => (section(b).fields ?? []).map((f) => f.text);

describe('digestMessage', () => {
  it('has a header, a section per chart with arrows, the missing sources and a context line', () => {
    const { text, blocks } = digestMessage(digest());
    expect(text).toBe('Docker Insights — acme · week to Nov 20 · Active users 192 (↑ 12%)');
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'context',
      'context',
    ]);
    expect((blocks[0] as HeaderBlock).text.text).toBe('Docker Insights — acme · week to Nov 20');
    expect(section(blocks[1]).text?.text).toBe('*Docker Desktop users*');
    expect(fieldsOf(blocks[1])).toEqual([
      '*Active users*\n192 (↑ 12%)',
      '*Organization members*\n250',
      '*Opted out of analytics*\n7',
    ]);
    expect(fieldsOf(blocks[2])).toEqual([
      '*Containers run*\n1,234 (↓ 3.4%)',
      '*Per active user*\n6.4 (unchanged)',
    ]);
    expect(fieldsOf(blocks[3])).toEqual(['*Pushed*\n12 (new)']);
    const note = (blocks[4] as ContextBlock).elements[0];
    expect(note && 'text' in note && note.text).toBe(
      ':information_source: Builds: No configured source provides builds per day; an import (`x &lt;file&gt;`) would provide it.',
    );
    const context = (blocks[5] as ContextBlock).elements[0];
    expect(context && 'text' in context && context.text).toBe(
      'last 7 days (Nov 14 – Nov 20) · data as of 2026-11-20 · 2 open alerts',
    );
  });

  it('says "Demo data" with the hint to connect Docker under the header of a demo digest only', () => {
    const plain = digestMessage(digest());
    expect(JSON.stringify(plain)).not.toMatch(/demo/i);
    const { blocks } = digestMessage(digest({ demo: true }));
    expect(blocks.map((b) => b.type).slice(0, 2)).toEqual(['header', 'context']);
    const notice = (blocks[1] as ContextBlock).elements[0];
    expect(notice && 'text' in notice && notice.text).toBe(DEMO_NOTICE);
    expect(DEMO_NOTICE).toContain('*Demo data*');
    expect(DEMO_NOTICE).toContain('`DOCKER_ORG` and `DOCKER_TOKEN`');
    expect(blocks).toHaveLength(plain.blocks.length + 1);
  });

  it('says "1 open alert" and copes with no figures at all', () => {
    const { blocks } = digestMessage(digest({ sections: [], missing: [], openAlerts: 1 }));
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(section(blocks[1]).text?.text).toBe('No figures from the configured sources yet.');
    const context = (blocks[2] as ContextBlock).elements[0];
    expect(context && 'text' in context && context.text).toMatch(/ · 1 open alert$/);
  });

  it('renders the demo digest', async () => {
    const data = await createDemoSource().load(digestRange('1w', asOf), new Date('2026-11-21T08:00:00Z'));
    const { text, blocks } = digestMessage(buildDigest(data, { openAlerts: 0 }));
    expect(blocks).toHaveLength(1 + CHARTS.length + 1);
    expect(fieldsOf(blocks[1])[0]).toMatch(/^\*Active users\*\n\d+ \((?:[↑↓] \d+(\.\d)?%|unchanged)\)$/);
    // A percentage's change is in points, never `→ 0%`.
    const rate = fieldsOf(blocks[2]).find((f) => f.startsWith('*Build success rate*'));
    expect(rate).toMatch(/^\*Build success rate\*\n\d+\.\d% \((?:[↑↓] \d+(\.\d)? pts?|unchanged)\)$/);
    expect(JSON.stringify(blocks)).not.toContain('→');
    expect(text).toContain('data as of 2026-11-20');
    expect(blockTextLength(blocks)).toBeLessThan(2000);
  });

  it('stays within Slack limits for a hostile organization name and many long figures', () => {
    const hostile = `<!channel> & ${'<@U123>'.repeat(400)}`;
    const long = (i: number) => `${'&<>'.repeat(300)} figure ${i}`;
    const figures: DigestFigure[] = Array.from({ length: 25 }, (_, i) => ({
      label: long(i),
      value: `${'9'.repeat(3000)}`,
      change: { direction: 'up', pct: 123456.7 },
    }));
    const d = digest({
      org: hostile,
      sections: Array.from({ length: 80 }, (_, i) => ({
        chart: CHARTS[i % CHARTS.length] ?? 'users',
        title: hostile,
        figures,
      })),
      missing: Array.from({ length: 200 }, () => `${hostile} is missing`),
      summary: hostile.repeat(20),
      openAlerts: 1_000_000,
    });
    const { text, blocks } = digestMessage(d);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blockTextLength(blocks)).toBeLessThan(9_000);
    expect(text.length).toBeLessThanOrEqual(1000);
    expect((blocks[0] as HeaderBlock).text.text.length).toBeLessThanOrEqual(150);
    for (const b of blocks) {
      if (b.type !== 'section') continue;
      expect(section(b).fields?.length ?? 0).toBeLessThanOrEqual(10);
      for (const f of section(b).fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
      expect((section(b).text?.text ?? '').length).toBeLessThanOrEqual(3000);
    }
    // Nothing can mention anyone: every < and > is escaped in mrkdwn.
    const mrkdwn = JSON.stringify(blocks.slice(1)) + text;
    expect(mrkdwn).not.toMatch(/[<>]/);
  });
});

describe('mrkdwnSafe', () => {
  it('escapes and cuts without splitting an escape', () => {
    expect(mrkdwnSafe('a <b> & c', 100)).toBe('a &lt;b&gt; &amp; c');
    expect(mrkdwnSafe('<<<<', 10)).toBe('&lt;&lt;…');
    expect(mrkdwnSafe('abcdef', 4)).toBe('abc…');
  });
});

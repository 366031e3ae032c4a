import type { ContextBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { chartView } from '../../test/support/chart-views.js';
import { chartMessage, helpMessage } from './blocks.js';
import { DEMO_NOTICE } from './demo-notice.js';

describe('chartMessage', () => {
  it('has the header, the figures and the period with "data as of"', () => {
    const { text, blocks } = chartMessage(chartView('containers'), 'U0ALICE');
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(text).toBe(chartView('containers').summary);
    expect(JSON.stringify(blocks)).toContain('data as of 2026-11-20 · requested by <@U0ALICE>');
    expect(JSON.stringify(blocks)).not.toMatch(/demo/i);
  });

  it('says "Demo data" with the hint to connect Docker right under the header of a demo chart', () => {
    const view = { ...chartView('containers'), demo: true, summary: 'Demo data · Containers: …' };
    const { text, blocks } = chartMessage(view);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'context']);
    const notice = (blocks[1] as ContextBlock).elements[0];
    expect(notice && 'text' in notice && notice.text).toBe(DEMO_NOTICE);
    expect(text).toMatch(/^Demo data · /);
  });
});

describe('helpMessage', () => {
  it('lists each group of subcommands under the charts, with the data freshness', () => {
    const help = JSON.stringify(
      helpMessage({
        org: 'acme',
        asOf: '2026-11-20',
        sourceLabel: 'Docker',
        groups: [{ title: 'Data', entries: ['`compliance` (settings compliance)', '`scout`'] }],
      }).blocks,
    );
    expect(help).toContain('*Data* — `compliance` (settings compliance), `scout`');
    expect(help).toContain('as of *2026-11-20*');
  });
});

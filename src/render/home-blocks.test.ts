import type { KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { openAlert } from '../../test/support/alerts.js';
import { createDemoSource } from '../demo/demo-source.js';
import type { Alert } from '../domain/alerts.js';
import { buildDigest, digestRange } from '../domain/digest.js';
import { buildHomeView, type HomeInput, hideEmails } from '../domain/home.js';
import type { Subscription } from '../domain/subscriptions.js';
import { HOME_BLOCKS_MAX, homeView } from './home-blocks.js';

const AT = new Date('2026-11-21T08:00:00Z');

const alert = (i: number, over: Partial<Alert> = {}): Alert =>
  openAlert(
    {
      rule: 'drift.compliance',
      entity: `user${i}@acme.com`,
      severity: i % 4 === 0 ? 'critical' : 'low',
      title: `user${i}@acme.com is Non-compliant`,
      facts: [['User', `user${i}@acme.com`]],
      advice: 'Fix it.',
      ...over,
    },
    AT,
  );

async function input(over: Partial<HomeInput> = {}): Promise<HomeInput> {
  const source = createDemoSource();
  const day = (await source.dataAsOf(AT)) ?? '2026-11-20';
  const headline = buildDigest(await source.load(digestRange('1w', day), AT), {
    openAlerts: 0,
    demo: true,
    withAlerts: false,
  });
  const subscriptions: Subscription[] = Array.from({ length: 60 }, (_, i) => ({
    channel: `C0CHAN${i}`,
    kind: 'drift',
    options: { minSeverity: 'high', threadUpdates: true },
    createdBy: 'U0ADMIN',
    createdAt: AT,
  }));
  return {
    user: 'U0ALICE',
    isAdmin: true,
    firstVisit: true,
    org: 'acme',
    demo: true,
    headline,
    alerts: Array.from({ length: 40 }, (_, i) => alert(i)),
    subscriptions,
    status: { org: 'acme', demo: true, dataAsOf: day, sources: [], hints: ['alice@acme.com opted out'] },
    at: AT,
    ...over,
  };
}

const texts = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) => {
    const s = b as SectionBlock;
    return [s.text?.text ?? '', ...(s.fields ?? []).map((f) => f.text)];
  });

describe('homeView', () => {
  it('stays within the Home tab limits whatever the data: 100 blocks, 3000 characters a section', async () => {
    const view = homeView(buildHomeView(await input()), { fileId: 'F0IMAGE' });
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCKS_MAX);
    for (const text of texts(view.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThan(250 * 1024);
    const all = JSON.stringify(view.blocks);
    // Ten alerts listed, the critical ones first, the rest counted.
    expect(all).toContain('Open alerts: 40');
    expect(all).toContain('…and 30 more');
    expect(all.match(/:rotating_light:/g)).toHaveLength(10);
    expect(all).not.toContain(':large_blue_circle:');
    expect(all).toContain('"slack_file":{"id":"F0IMAGE"}');
    expect(all).toContain('Demo data');
    // At a glance: a percentage's change in points, never `→ 0%` (issue 22).
    const rate = texts(view.blocks).find((t) => t.startsWith('*Build success rate*'));
    expect(rate).toMatch(/^\*Build success rate\*\n\d+\.\d% \((?:[↑↓] \d+(\.\d)? pts?|unchanged)\)$/);
    expect(all).not.toContain('→');
  });

  it('gives members no buttons and no emails; escapes what the data says', async () => {
    const hostile = alert(1, { title: '<!channel> *bold* <https://evil|click>', severity: 'high' });
    const view = homeView(buildHomeView(await input({ isAdmin: false, alerts: [hostile] })), null);
    expect(view.blocks.some((b) => b.type === 'actions')).toBe(false);
    const all = JSON.stringify(view.blocks);
    expect(all).not.toContain('@acme.com');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('"type":"image"');
  });

  it('says so when there is no data yet, and leaves the onboarding out after the first visit', async () => {
    const view = homeView(
      buildHomeView(await input({ headline: null, firstVisit: false, alerts: [] })),
      null,
    );
    const all = JSON.stringify(view.blocks);
    expect(all).toContain('No data yet');
    expect(all).toContain('Nothing open');
    expect(all).not.toContain('Welcome to Insights');
  });
});

describe('hideEmails', () => {
  it('replaces every email address', () => {
    expect(hideEmails('alice@acme.com and bob.smith+x@eu.acme.co.uk')).toBe('a member and a member');
  });
});

/** `/insights status` stays within Block Kit's limits however many problems it lists. */
import { describe, expect, it } from 'vitest';
import { blockKitProblem } from '../sandbox/slack-stand-in-blocks.js';
import { statusMessage, TROUBLESHOOTING, troubleshootingText } from './status-blocks.js';

const paused = (i: number) =>
  `The digest subscription of <#C0CHAN${i}> is paused: the channel was archived. Subscribe it again once the channel is back, or unsubscribe it.`;
const view = (hints: string[]) => ({ org: 'acme', demo: false, dataAsOf: '2026-11-20', sources: [], hints });

describe('status troubleshooting hints', () => {
  it('lists every hint, problems first, when they fit', () => {
    const text = troubleshootingText([paused(1), paused(2)]);
    expect(text.split('\n')).toEqual([
      '*Troubleshooting*',
      `• ${paused(1)}`,
      `• ${paused(2)}`,
      ...TROUBLESHOOTING.map((h) => `• ${h}`),
    ]);
  });

  it('keeps a section Slack accepts with 40 paused subscriptions, and says how many more there are', () => {
    const hints = Array.from({ length: 40 }, (_, i) => paused(i));
    const message = statusMessage(view(hints));
    expect(blockKitProblem(message.blocks)).toBeUndefined();
    const text = troubleshootingText(hints);
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toContain(`• ${paused(0)}`);
    const shown = text.split('\n').filter((l) => l.startsWith('• ')).length;
    expect(text.endsWith(`…and ${hints.length + TROUBLESHOOTING.length - shown} more`)).toBe(true);
  });

  it('cuts one very long hint (a given-up post with a long error) and still shows the rest', () => {
    const long = `Posting to <#C0OPS> failed and was given up: ${'x'.repeat(5000)} (digest:1).`;
    const message = statusMessage(view([long, paused(1)]));
    expect(blockKitProblem(message.blocks)).toBeUndefined();
    expect(troubleshootingText([long, paused(1)])).toContain(`• ${paused(1)}`);
  });
});

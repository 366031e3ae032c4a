import { describe, expect, it } from 'vitest';
import { type Alert, planEvaluation } from '../domain/alerts.js';
import { ALERTS_SHOWN_MAX, alertGroupMessage, groupHeading } from './alert-blocks.js';
import { blockTextLength } from './slack-text.js';

const T0 = new Date('2026-11-21T08:00:00Z');

function alerts(n: number, title = (i: number) => `user${i}@example.com is Non-compliant`): Alert[] {
  return planEvaluation(
    [],
    {
      rule: 'drift.compliance',
      findings: Array.from({ length: n }, (_, i) => ({
        rule: 'drift.compliance',
        entity: `user${i}`,
        severity: 'high' as const,
        title: title(i),
        facts: [['User', `user${i}@example.com`] as [string, string]],
        advice: 'Ask them to restart Docker Desktop.',
        link: 'https://app.docker.com/admin/orgs/acme/desktop-settings/reporting',
      })),
    },
    T0,
  ).opened;
}

const shown = (list: Alert[]) => list.map((alert) => ({ alert, episode: alert.episode }));

describe('alert group message', () => {
  it('lists each alert with its buttons, most readable first, under Slack limits', () => {
    const { text, blocks } = alertGroupMessage(groupHeading('drift', 3, 0), shown(alerts(3)));
    expect(text).toMatch(/^:rotating_light: 3 new drift alerts: user0@example.com is Non-compliant; /);
    expect(blocks[0]).toMatchObject({ type: 'header' });
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(3);
    const ids = JSON.stringify(actions[0]);
    for (const id of [
      'alert_ack',
      'alert_silence_1h',
      'alert_silence_1d',
      'alert_silence_1w',
      'alert_open',
    ]) {
      expect(ids).toContain(id);
    }
    expect(JSON.stringify(blocks)).toContain('Since 21 Nov 2026, 08:00 UTC');
  });

  it('shows ten alerts and an overflow line for the rest, within 50 blocks and the text cap', () => {
    const long = (i: number) => `<!channel> ${'x'.repeat(400)} ${i}`;
    const { blocks } = alertGroupMessage(groupHeading('drift', 250, 0), shown(alerts(250, long)));
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(ALERTS_SHOWN_MAX);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks.at(-1))).toContain('…and 240 more in this group');
    expect(blockTextLength(blocks)).toBeLessThan(12_000);
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
  });

  it('marks resolved, acknowledged and silenced alerts, and drops buttons that no longer apply', () => {
    const [a, b, c] = alerts(3);
    const resolved = {
      ...(a as Alert),
      state: 'resolved' as const,
      resolvedAt: new Date('2026-11-21T09:30:00Z'),
    };
    const acked = { ...(b as Alert), ackedBy: 'U0ADMIN' };
    const { blocks } = alertGroupMessage('drift', [
      { alert: resolved, episode: 1 },
      { alert: acked, episode: 1 },
      { alert: c as Alert, episode: 1, silencedUntil: new Date('2026-11-22T08:00:00Z') },
    ]);
    const json = JSON.stringify(blocks);
    expect(json).toContain(':white_check_mark: Resolved 21 Nov 2026, 09:30 UTC');
    expect(json).toContain('~user0@example.com is Non-compliant~');
    expect(json).toContain('Acknowledged by <@U0ADMIN>');
    expect(json).toContain('Silenced until 22 Nov 2026, 08:00 UTC');
    const [first, second] = blocks.filter((b) => b.type === 'actions').map((b) => JSON.stringify(b));
    expect(first).not.toContain('alert_silence_1h');
    expect(first).toContain('alert_open');
    expect(second).not.toContain('alert_ack');
    expect(second).toContain('alert_silence_1d');
  });
});

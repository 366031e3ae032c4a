import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/databases.js';
import { ALERT_SUBSCRIPTION_KINDS } from '../domain/subscriptions.js';
import { parseInsightsCommand } from '../slack/commands/index.js';
import { evaluateRules, RULES, type RuleInput } from './rules.js';

describe('the rule table', () => {
  it('names each rule once, in a family that channels can subscribe to and silence', () => {
    const names = RULES.map((r) => r.rule);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of names) {
      const family = rule.split('.')[0];
      expect(ALERT_SUBSCRIPTION_KINDS, rule).toContain(family);
      expect(parseInsightsCommand(`silence ${rule} 1h`), rule).toMatchObject({
        kind: 'silence',
        matcher: rule,
      });
    }
  });

  it('runs only the rules that read what changed', async () => {
    const { db, drop } = await freshDatabase('embedded');
    try {
      const settings = { org: 'acme', sensitiveActions: [], minDesktopVersion: '4.40.0' };
      const run = async (...inputs: RuleInput[]) =>
        (await evaluateRules(db, settings, new Set(inputs), new Date())).map((e) => e.rule);
      expect(await run('compliance')).toEqual(['drift.compliance', 'drift.desktop-version']);
      expect(await run('members')).toEqual(['drift.desktop-version']);
      expect(await run('activity')).toEqual(['drift.policy-change', 'activity.sensitive']);
      // No scrape yet: the Scout rules have nothing to judge (and so resolve nothing).
      expect(await run('scout')).toEqual([]);
      expect(await run()).toEqual([]);
      const off = await evaluateRules(
        db,
        { ...settings, minDesktopVersion: undefined },
        new Set(['members']),
        new Date(),
      );
      expect(off).toEqual([]);
    } finally {
      await drop();
    }
  });
});

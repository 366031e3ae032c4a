import { describe, expect, it } from 'vitest';
import {
  type ActivityFilter,
  formatActivityFilter,
  matchesActivityFilter,
  parseActivityFilter,
  sinceInstant,
} from './activity-filter.js';

const NOW = new Date('2026-11-21T12:00:00Z');

function ok(tokens: string[]): ActivityFilter {
  const parsed = parseActivityFilter(tokens);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.filter;
}

function error(tokens: string[]): string {
  const parsed = parseActivityFilter(tokens);
  if (!('error' in parsed)) throw new Error(`expected an error, got ${JSON.stringify(parsed)}`);
  return parsed.error;
}

describe('parseActivityFilter', () => {
  it('reads actor, action and since, in any order and any case of the keys', () => {
    expect(ok([])).toEqual({});
    expect(ok(['since:2026-11-01', 'ACTOR:Alice', 'Action:Setting.Policy.*'])).toEqual({
      actor: 'alice',
      action: 'setting.policy.*',
      since: { kind: 'day', day: '2026-11-01' },
    });
    expect(ok(['action:repo.tag.push'])).toEqual({ action: 'repo.tag.push' });
    expect(ok(['since:24h'])).toEqual({ since: { kind: 'ago', amount: 24, unit: 'h' } });
    expect(ok(['since:7d'])).toEqual({ since: { kind: 'ago', amount: 7, unit: 'd' } });
    expect(ok(['since:2w'])).toEqual({ since: { kind: 'ago', amount: 2, unit: 'w' } });
  });

  it('takes an email as the actor, also as the link Slack makes of it', () => {
    expect(ok(['actor:Jane.Doe@Example.com'])).toEqual({ actor: 'jane.doe@example.com' });
    expect(ok(['actor:<mailto:jane@example.com|jane@example.com>'])).toEqual({ actor: 'jane@example.com' });
  });

  it('takes the value from the next word after "key:"', () => {
    expect(ok(['actor:', 'alice', 'since:', '7d'])).toEqual({
      actor: 'alice',
      since: { kind: 'ago', amount: 7, unit: 'd' },
    });
    // …but not when the next word is a filter itself.
    expect(error(['actor:', 'since:7d'])).toBe('"actor:" needs a value, as in actor:alice.');
  });

  it('names the fix for a bad filter', () => {
    expect(error(['acter:alice'])).toContain('Unknown filter "acter:alice". Did you mean "actor:"?');
    expect(error(['who:alice'])).toContain('Filters: actor:<username or email>');
    expect(error(['alice'])).toContain('Unknown filter "alice".');
    expect(error(['actor'])).toBe('"actor" needs a value after a colon, as in actor:alice.');
    expect(error(['actor:a', 'actor:b'])).toBe('"actor:" is given twice; use it once.');
    expect(error(['action:setting.*.update'])).toBe(
      '"action:setting.*.update": use * only at the end, as in enterprise.setting.policy.*',
    );
    expect(error(['action:*'])).toContain('matches every action');
    expect(error(['action:repo', 'tag'])).toContain('Unknown filter "tag"');
    expect(error(['action:repo tag'])).toBe(
      '"action:repo tag" is not an action name (letters, digits, dots, _ and -), such as repo.tag.push',
    );
    expect(error(['since:yesterday'])).toBe(
      '"since:yesterday" is not a day or a time ago: use YYYY-MM-DD (since:2026-11-01), or 24h, 7d, 2w.',
    );
    expect(error(['since:2026-02-30'])).toBe('"since:2026-02-30" is not a calendar day (YYYY-MM-DD).');
    expect(error(['since:0d'])).toBe('"since:0d": use at least 1d.');
    expect(error(['since:99999w'])).toBe('"since:99999w" is too far back.');
  });

  it('formats a filter as tokens it reads back', () => {
    const filter = ok(['actor:alice', 'action:setting.policy.*', 'since:7d']);
    expect(formatActivityFilter(filter)).toBe('actor:alice action:setting.policy.* since:7d');
    expect(ok(formatActivityFilter(filter).split(' '))).toEqual(filter);
    expect(formatActivityFilter({ since: { kind: 'day', day: '2026-11-01' } })).toBe('since:2026-11-01');
    expect(formatActivityFilter({})).toBe('');
  });
});

describe('sinceInstant and matchesActivityFilter', () => {
  it('resolves a day to its UTC midnight and a time ago against now', () => {
    expect(sinceInstant({ kind: 'day', day: '2026-11-01' }, NOW).toISOString()).toBe(
      '2026-11-01T00:00:00.000Z',
    );
    expect(sinceInstant({ kind: 'ago', amount: 24, unit: 'h' }, NOW).toISOString()).toBe(
      '2026-11-20T12:00:00.000Z',
    );
    expect(sinceInstant({ kind: 'ago', amount: 2, unit: 'w' }, NOW).toISOString()).toBe(
      '2026-11-07T12:00:00.000Z',
    );
  });

  it('matches actor exactly ignoring case, action exactly or by prefix, and since inclusively', () => {
    const event = { at: '2026-11-20T12:00:00Z', action: 'enterprise.setting.policy.update', actor: 'Alice' };
    expect(matchesActivityFilter(event, {}, NOW)).toBe(true);
    expect(matchesActivityFilter(event, ok(['actor:ALICE']), NOW)).toBe(true);
    expect(matchesActivityFilter(event, ok(['actor:ali']), NOW)).toBe(false);
    expect(matchesActivityFilter(event, ok(['action:enterprise.setting.policy.update']), NOW)).toBe(true);
    expect(matchesActivityFilter(event, ok(['action:setting.policy']), NOW)).toBe(false);
    expect(matchesActivityFilter(event, ok(['action:enterprise.setting.policy.*']), NOW)).toBe(true);
    expect(matchesActivityFilter(event, ok(['action:enterprise.*']), NOW)).toBe(true);
    expect(matchesActivityFilter(event, ok(['action:repo.*']), NOW)).toBe(false);
    expect(matchesActivityFilter(event, ok(['since:24h']), NOW)).toBe(true); // exactly 24 h before now
    expect(matchesActivityFilter(event, ok(['since:23h']), NOW)).toBe(false);
    expect(matchesActivityFilter(event, ok(['since:2026-11-20']), NOW)).toBe(true);
    expect(matchesActivityFilter(event, ok(['since:2026-11-21']), NOW)).toBe(false);
  });

  it('lets an action filter leave out Docker’s group', () => {
    const sso = { at: '2026-11-20T12:00:00Z', action: 'enterprise.sso.connection.update', actor: 'olga' };
    const role = { ...sso, action: 'org.member.role.change' };
    expect(matchesActivityFilter(sso, ok(['action:sso.*']), NOW)).toBe(true);
    expect(matchesActivityFilter(sso, ok(['action:sso.connection.update']), NOW)).toBe(true);
    expect(matchesActivityFilter(role, ok(['action:member.role.change']), NOW)).toBe(true);
    expect(matchesActivityFilter(role, ok(['action:sso.*']), NOW)).toBe(false);
    expect(matchesActivityFilter(role, ok(['action:role.change']), NOW)).toBe(false);
  });

  it('echoes a 3000-character value short, like every other answer', () => {
    const long = 'a'.repeat(3000);
    for (const token of [`actor:${long}`, `action:${long}`, `since:${long}`, `${long}:x`]) {
      const parsed = parseActivityFilter([token]);
      expect('error' in parsed && parsed.error.length).toBeLessThan(300);
      expect('error' in parsed && parsed.error).toContain('…');
    }
    // An email is at most 254 characters: one that long is still an actor.
    expect(parseActivityFilter([`actor:${'a'.repeat(240)}@acme.com`])).toHaveProperty('filter');
  });
});

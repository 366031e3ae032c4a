import { describe, expect, it } from 'vitest';
import { parseInsightsCommand } from './commands/index.js';

describe('parseInsightsCommand', () => {
  it('treats empty text and help as help', () => {
    expect(parseInsightsCommand('')).toEqual({ kind: 'help' });
    expect(parseInsightsCommand('   ')).toEqual({ kind: 'help' });
    expect(parseInsightsCommand('HELP')).toEqual({ kind: 'help' });
  });

  it('parses a chart with and without a period, accepting the day aliases', () => {
    expect(parseInsightsCommand('containers 1m')).toEqual({
      kind: 'chart',
      chart: 'containers',
      period: '1m',
    });
    expect(parseInsightsCommand('Users')).toEqual({ kind: 'chart', chart: 'users', period: '1m' });
    expect(parseInsightsCommand(' images  90d ')).toEqual({ kind: 'chart', chart: 'images', period: '3m' });
    expect(parseInsightsCommand('builds 7D')).toEqual({ kind: 'chart', chart: 'builds', period: '1w' });
  });

  it('suggests the closest chart for a typo', () => {
    const result = parseInsightsCommand('containr');
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.message).toContain('Did you mean `/insights containers`?');
  });

  it('explains the accepted periods for a bad one', () => {
    const result = parseInsightsCommand('users 5y');
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.message).toMatch(/`5y` is not a period.*`1w`.*`1m`.*`3m`/);
    const near = parseInsightsCommand('users 2m');
    expect(near.kind === 'invalid' && near.message).toContain('Did you mean `1m`?');
    // Longer than 3m: no "did you mean" a shorter period that looks alike.
    for (const long of ['12m', '1y']) {
      const answer = parseInsightsCommand(`users ${long}`);
      expect(answer.kind === 'invalid' && answer.message).toContain('The longest period is `3m` (90 days).');
      expect(answer.kind === 'invalid' && answer.message).not.toContain('Did you mean');
    }
    const short = parseInsightsCommand('builds 1d');
    expect(short.kind === 'invalid' && short.message).toContain('The shortest period is `1w` (7 days).');
  });

  it('keeps hostile input short and free of markup', () => {
    const result = parseInsightsCommand(`<!channel>${'x'.repeat(500)}`);
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.message).not.toContain('<!channel>');
    expect(result.message.length).toBeLessThan(400);
  });

  it('rejects extra words after the period', () => {
    expect(parseInsightsCommand('users 1m extra').kind).toBe('invalid');
  });

  it('echoes a 3000-character activity filter short', () => {
    const result = parseInsightsCommand(`activity actor:${'a'.repeat(3000)}`);
    expect(result.kind === 'invalid' && result.message.length).toBeLessThan(300);
  });

  it('spells a time zone as the zone does: tz europe/berlin is Europe/Berlin', () => {
    expect(parseInsightsCommand('subscribe digest at 08:30 tz europe/berlin')).toMatchObject({
      kind: 'subscribe',
      what: 'digest',
      at: '08:30',
      timeZone: 'Europe/Berlin',
    });
    expect(parseInsightsCommand('subscribe digest tz Europe/Nowhere')).toMatchObject({ kind: 'invalid' });
  });
});

describe('alert commands', () => {
  it('parses subscribe drift with its options', () => {
    expect(
      parseInsightsCommand('subscribe drift <#C0SEC|security> severity>=high thread-updates off'),
    ).toEqual({
      kind: 'subscribe',
      what: 'drift',
      channel: 'C0SEC',
      minSeverity: 'high',
      threadUpdates: false,
    });
    expect(parseInsightsCommand('unsubscribe drift')).toEqual({ kind: 'unsubscribe', what: 'drift' });
    expect(parseInsightsCommand('subscribe drift at 09:00')).toMatchObject({ kind: 'invalid' });
    expect(parseInsightsCommand('subscribe drift thread-updates maybe')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('`thread-updates` takes `on` or `off`'),
    });
    expect(parseInsightsCommand('subscribe drfit')).toMatchObject({
      message: expect.stringContaining('Did you mean `drift`?'),
    });
  });

  it('parses silence, unsilence, silences and alerts', () => {
    expect(parseInsightsCommand('silence drift.compliance 1d')).toEqual({
      kind: 'silence',
      matcher: 'drift.compliance',
      durationMs: 86_400_000,
    });
    expect(parseInsightsCommand('silence drift.compliance:bob@example.com 2h')).toEqual({
      kind: 'silence',
      matcher: 'drift.compliance:bob@example.com',
      durationMs: 7_200_000,
    });
    expect(parseInsightsCommand('silence drift')).toMatchObject({ kind: 'invalid' });
    expect(parseInsightsCommand('silence drift 1h30m')).toEqual({
      kind: 'silence',
      matcher: 'drift',
      durationMs: 90 * 60_000,
    });
    expect(parseInsightsCommand('silence drift 1d 12h')).toMatchObject({ durationMs: 36 * 3_600_000 });
    expect(parseInsightsCommand('silence drift 91d')).toMatchObject({
      message: expect.stringContaining('At most 90 days.'),
    });
    expect(parseInsightsCommand('silence scuot 1h')).toMatchObject({
      message: expect.stringContaining('is not an alert rule. Did you mean `scout`?'),
    });
    expect(parseInsightsCommand('silence hub 1h')).toMatchObject({ kind: 'invalid' });
    expect(parseInsightsCommand('unsilence 12')).toEqual({ kind: 'unsilence', id: 12 });
    expect(parseInsightsCommand('unsilence twelve')).toMatchObject({ kind: 'invalid' });
    expect(parseInsightsCommand('silences')).toEqual({ kind: 'silences' });
    expect(parseInsightsCommand('alerts')).toEqual({ kind: 'alerts' });
    expect(parseInsightsCommand('alrets')).toMatchObject({
      message: expect.stringContaining('/insights alerts'),
    });
  });
});

describe('compliance', () => {
  it('parses /insights compliance, suggests it for a typo, and refuses options', () => {
    expect(parseInsightsCommand('compliance')).toEqual({ kind: 'compliance' });
    expect(parseInsightsCommand('Compliance')).toEqual({ kind: 'compliance' });
    expect(parseInsightsCommand('complaince')).toMatchObject({
      message: expect.stringContaining('Did you mean `/insights compliance`?'),
    });
    expect(parseInsightsCommand('compliance 1m')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('`/insights export compliance` has every row'),
    });
  });
});

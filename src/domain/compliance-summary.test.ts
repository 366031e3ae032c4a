import { describe, expect, it } from 'vitest';
import {
  buildComplianceSummary,
  type ComplianceSummaryInput,
  maskEmail,
  NON_COMPLIANT_ORDER,
  withoutEmails,
} from './compliance-summary.js';

const row = (
  username: string | null,
  status: string,
  patch: Partial<ComplianceSummaryInput['shown'][number]> = {},
) => ({
  username,
  email: username ? `${username}@example.com` : null,
  machineId: null,
  status,
  desktopVersion: '4.40.0',
  ...patch,
});

const input = (patch: Partial<ComplianceSummaryInput> = {}): ComplianceSummaryInput => ({
  org: 'acme',
  report: { filename: 'settings-reporting.csv', importedAt: new Date('2026-11-21T07:00:00Z') },
  counts: [
    { status: 'Compliant', count: 230 },
    { status: 'Outdated', count: 4 },
    { status: 'Non-compliant', count: 12 },
    { status: 'Unknown', count: 4 },
  ],
  shown: [row('bob', 'Non-compliant'), row('erin', 'Outdated')],
  openDriftAlerts: 3,
  ...patch,
});

describe('the compliance summary', () => {
  it('lists the statuses outside Compliant most severe first, as the drift rules rank them', () => {
    expect(NON_COMPLIANT_ORDER).toEqual([
      'Non-compliant',
      'Uncontrolled domain',
      'Outdated',
      'No policy assigned',
      'Unknown',
    ]);
  });

  it('counts every status in the report’s order, and totals what is not compliant', () => {
    const s = buildComplianceSummary(input());
    expect(s.counts).toEqual([
      { status: 'Compliant', count: 230 },
      { status: 'Non-compliant', count: 12 },
      { status: 'Outdated', count: 4 },
      { status: 'No policy assigned', count: 0 },
      { status: 'Uncontrolled domain', count: 0 },
      { status: 'Unknown', count: 4 },
    ]);
    expect(s.total).toBe(250);
    expect(s.nonCompliantTotal).toBe(20);
    expect(s.openDriftAlerts).toBe(3);
    expect(s.nonCompliant.map((e) => [e.username, e.status, e.severity])).toEqual([
      ['bob', 'Non-compliant', 'high'],
      ['erin', 'Outdated', 'medium'],
    ]);
  });

  it('keeps at most 20 rows and drops rows that are compliant or of an unknown status', () => {
    const shown = [
      row('ok', 'Compliant'),
      row('odd', 'Sort of compliant'),
      ...Array.from({ length: 25 }, (_, i) => row(`u${i}`, 'Non-compliant')),
    ];
    const s = buildComplianceSummary(input({ shown }));
    expect(s.nonCompliant).toHaveLength(20);
    expect(s.nonCompliant.every((e) => e.status === 'Non-compliant')).toBe(true);
  });

  it('is empty before any import', () => {
    const s = buildComplianceSummary(input({ report: null, counts: [], shown: [], openDriftAlerts: 0 }));
    expect(s).toMatchObject({ report: null, total: 0, nonCompliantTotal: 0, nonCompliant: [] });
  });
});

describe('emails for people who are not admins', () => {
  it('masks an address to its first letter and domain', () => {
    expect(maskEmail('alice@example.com')).toBe('a…@example.com');
    expect(maskEmail('not-an-address')).toBe('n…');
  });

  it('leaves no email in the summary: usernames stay, email-only users are masked', () => {
    const s = withoutEmails(
      buildComplianceSummary(
        input({
          shown: [
            row('bob', 'Non-compliant'),
            row(null, 'Non-compliant', { email: 'dave@partner.io' }),
            row('carol@example.com', 'Outdated', { email: 'carol@example.com' }),
            row(null, 'Unknown', { email: null, machineId: 'MAC-0042' }),
          ],
        }),
      ),
    );
    expect(s.nonCompliant.map((e) => [e.username, e.email, e.machineId])).toEqual([
      ['bob', null, null],
      ['d…@partner.io', null, null],
      ['c…@example.com', null, null],
      [null, null, 'MAC-0042'],
    ]);
    expect(JSON.stringify(s)).not.toMatch(/[a-z]{2,}@/);
  });
});

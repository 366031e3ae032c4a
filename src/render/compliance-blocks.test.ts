import { describe, expect, it } from 'vitest';
import {
  buildComplianceSummary,
  type ComplianceSummaryInput,
  withoutEmails,
} from '../domain/compliance-summary.js';
import { complianceMessage } from './compliance-blocks.js';
import { blockTextLength } from './slack-text.js';

const IMPORTED = new Date('2026-11-21T07:05:00Z');

function summary(patch: Partial<ComplianceSummaryInput> = {}) {
  return buildComplianceSummary({
    org: 'acme',
    report: { filename: 'acme-settings-reporting.csv', importedAt: IMPORTED },
    counts: [
      { status: 'Compliant', count: 220 },
      { status: 'Non-compliant', count: 25 },
      { status: 'Outdated', count: 5 },
    ],
    shown: [
      {
        username: 'bob',
        email: 'bob@example.com',
        machineId: 'MAC-1',
        status: 'Non-compliant',
        desktopVersion: '4.41.1',
      },
      ...Array.from({ length: 19 }, (_, i) => ({
        username: `user${i}`,
        email: `user${i}@example.com`,
        machineId: null,
        status: 'Non-compliant',
        desktopVersion: null,
      })),
    ],
    openDriftAlerts: 4,
    ...patch,
  });
}

const all = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

describe('complianceMessage', () => {
  it('shows the counts per status, the first 20 not compliant, the overflow, the as-of time and the alerts', () => {
    const m = complianceMessage(summary(), { emailsHidden: false });
    const text = all(m);
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Settings compliance — acme' } });
    expect(text).toContain('*30 of 250 users and machines* are not compliant.');
    expect(text).toContain(':white_check_mark: *Compliant*\\n220 (88.0%)');
    expect(text).toContain(':red_circle: *Non-compliant*\\n25 (10.0%)');
    expect(text).toContain(':large_orange_circle: *Outdated*\\n5 (2.0%)');
    expect(text).not.toContain('*Unknown*');
    expect(text).toContain(
      ':red_circle: *bob* (bob@example.com) — Non-compliant · machine `MAC-1` · Docker Desktop 4.41.1',
    );
    expect(text).toContain('…and 10 more — `/insights export compliance`');
    expect(text).toContain('imported 21 Nov 2026, 07:05 UTC (`acme-settings-reporting.csv`)');
    expect(text).toContain('4 open drift alerts (`/insights alerts`)');
    expect(m.text).toBe(
      'Settings compliance for acme: 30 of 250 not compliant (25 Non-compliant, 5 Outdated); report imported 21 Nov 2026, 07:05 UTC; 4 open drift alerts.',
    );
  });

  it('shows no email to someone who is not an admin, and says why', () => {
    const m = complianceMessage(withoutEmails(summary()), { emailsHidden: true });
    const text = all(m);
    expect(text).toContain('*bob* — Non-compliant · machine `MAC-1`');
    expect(text).not.toContain('@example.com');
    expect(text).toContain('emails are shown to Insights admins only');
  });

  it('says so when everyone is compliant, and when the report is empty', () => {
    const fine = complianceMessage(
      summary({ counts: [{ status: 'Compliant', count: 3 }], shown: [], openDriftAlerts: 0 }),
      { emailsHidden: false },
    );
    expect(all(fine)).toContain('Everyone in the report is compliant (3 users and machines).');
    expect(all(fine)).toContain('no open drift alerts');
    expect(all(fine)).not.toContain('more —');
    const empty = complianceMessage(summary({ counts: [], shown: [] }), { emailsHidden: false });
    expect(all(empty)).toContain('The latest report lists no users or machines.');
  });

  it('explains how to import a report before the first one', () => {
    const none = summary({ report: null, counts: [], shown: [], openDriftAlerts: 0 });
    const m = complianceMessage(none, { emailsHidden: true, importHelp: { sandbox: true } });
    const text = all(m);
    expect(text).toContain('No Settings Reporting export has been imported for *acme* yet');
    expect(text).toContain('Docker Home → Docker Desktop → Settings Reporting');
    expect(text).toContain('`insights-bot import <file> --kind compliance`');
    expect(text).toContain('`IMPORT_DIR`');
    expect(text).toContain('*Import sample compliance report*');
    const folder = all(
      complianceMessage(none, { emailsHidden: false, importHelp: { importDir: '/data/in' } }),
    );
    expect(folder).toContain('the import folder `/data/in`');
    expect(folder).not.toContain('sample compliance report');
  });

  it('escapes what the report says and stays inside Slack’s limits with the longest values', () => {
    const long = 'x'.repeat(400);
    const m = complianceMessage(
      summary({
        report: { filename: `<!channel>${long}.csv`, importedAt: IMPORTED },
        shown: Array.from({ length: 20 }, (_, i) => ({
          username: `<!here>${i}${long}`,
          email: `${long}@example.com`,
          machineId: long,
          status: 'Non-compliant',
          desktopVersion: long,
        })),
      }),
      { emailsHidden: false },
    );
    const text = all(m);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).toContain('&lt;!here&gt;0');
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(blockTextLength(m.blocks)).toBeLessThan(11_000);
    for (const block of m.blocks as Array<{ text?: { text: string } }>) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
  });
});

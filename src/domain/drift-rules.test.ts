import { describe, expect, it } from 'vitest';
import type { ComplianceRecord } from './compliance.js';
import {
  compareVersions,
  complianceFindings,
  DRIFT_RULES,
  desktopVersionFindings,
  policyChangeFindings,
} from './drift-rules.js';
import type { Member } from './insights.js';

const record = (patch: Partial<ComplianceRecord>): ComplianceRecord => ({
  username: 'bob',
  email: 'bob@example.com',
  machineId: null,
  complianceStatus: 'Compliant',
  domainStatus: 'Verified',
  settingsStatus: 'Global policy',
  assignedPolicy: 'Default org policy',
  lastPolicyFetch: '2026-11-20T08:00:00.000Z',
  desktopVersion: '4.40.0',
  ...patch,
});

describe('compliance drift', () => {
  it('opens an alert for every status but Compliant, with severity, facts and advice', () => {
    const statuses = [
      'Compliant',
      'Non-compliant',
      'Outdated',
      'No policy assigned',
      'Uncontrolled domain',
      'Unknown',
    ];
    const { rule, findings } = complianceFindings(
      statuses.map((s, i) =>
        record({ username: `u${i}`, email: `u${i}@example.com`, complianceStatus: s as never }),
      ),
      'acme',
    );
    expect(rule).toBe(DRIFT_RULES.compliance);
    expect(findings.map((f) => [f.entity, f.severity])).toEqual([
      ['u1@example.com', 'high'],
      ['u2@example.com', 'medium'],
      ['u3@example.com', 'medium'],
      ['u4@example.com', 'high'],
      ['u5@example.com', 'low'],
    ]);
    const first = findings[0];
    // A channel's title names the Docker user, not their email; the email only when the report has no username.
    expect(first?.title).toBe('u1 is Non-compliant');
    const unnamed = complianceFindings(
      [record({ username: null, email: 'x@example.com', complianceStatus: 'Outdated' })],
      'acme',
    );
    expect(unnamed.findings[0]?.title).toBe('x@example.com is Outdated');
    expect(first?.facts).toContainEqual(['Policy', 'Default org policy']);
    // One time format across the alert, zone included (the status line says "Since 21 Nov 2026, 09:00 UTC").
    expect(first?.facts).toContainEqual(['Last policy fetch', '20 Nov 2026, 08:00 UTC']);
    expect(first?.advice).toMatch(/restart Docker Desktop/);
    expect(first?.link).toBe('https://app.docker.com/admin/orgs/acme/desktop-settings/reporting');
  });

  it('names the machine when the report has one, and keys the alert by it', () => {
    const [f] = complianceFindings(
      [record({ machineId: 'MAC-7F3A', complianceStatus: 'Outdated' })],
      'acme',
    ).findings;
    expect(f?.entity).toBe('mac-7f3a');
    expect(f?.title).toBe('Machine MAC-7F3A of bob is Outdated');
  });
});

describe('Desktop version drift', () => {
  const member = (username: string, version: string | null): Member => ({
    username,
    name: username,
    email: `${username}@example.com`,
    type: 'User',
    role: 'member',
    teams: [],
    dateJoined: null,
    lastLoggedInAt: null,
    lastDesktopVersion: version,
    lastSeenAt: '2026-11-19T10:00:00.000Z',
    optedOutAnalytics: false,
  });

  it('compares dotted versions numerically', () => {
    expect(compareVersions('4.9.0', '4.10.0')).toBeLessThan(0);
    expect(compareVersions('4.40', '4.40.0')).toBe(0);
    expect(compareVersions('v4.41.2', '4.41.1')).toBeGreaterThan(0);
    expect(compareVersions('unknown', '4.40.0')).toBeNull();
  });

  it('flags members and report machines below the minimum, nothing else', () => {
    const { findings } = desktopVersionFindings(
      [member('old', '4.29.9'), member('new', '4.30.0'), member('never', null), member('odd', 'beta')],
      [
        record({ machineId: 'WIN-1', desktopVersion: '4.12.0' }),
        record({ machineId: 'WIN-2', desktopVersion: '4.31.0' }),
      ],
      '4.30.0',
      'acme',
    );
    expect(findings.map((f) => f.entity)).toEqual(['user:old', 'machine:win-1']);
    expect(findings[0]?.title).toBe('old runs Docker Desktop 4.29.9, below 4.30.0');
  });
});

describe('settings-policy changes', () => {
  it('turns each enterprise.setting.policy.* event into one informational, one-shot finding', () => {
    const evaluation = policyChangeFindings(
      [
        {
          id: 'e1',
          at: '2026-11-21T06:00:00Z',
          action: 'enterprise.setting.policy.update',
          name: 'Locked',
          actor: 'olga',
          description: '',
        },
        {
          id: 'e2',
          at: '2026-11-21T06:01:00Z',
          action: 'repo.tag.push',
          name: 'acme/api',
          actor: 'ci',
          description: '',
        },
        {
          id: 'e3',
          at: '2026-11-21T06:02:00Z',
          action: 'enterprise.setting.policy.delete',
          name: '',
          actor: '',
          description: 'gone',
        },
      ],
      'acme',
    );
    expect(evaluation.oneShot).toBe(true);
    expect(evaluation.findings.map((f) => [f.entity, f.title, f.severity])).toEqual([
      ['e1', 'olga changed “Locked”', 'low'],
      ['e3', 'Someone deleted a settings policy', 'low'],
    ]);
    expect(evaluation.findings[0]?.since).toBe('2026-11-21T06:00:00Z');
  });
});

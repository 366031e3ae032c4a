import { describe, expect, it } from 'vitest';
import { COMPLIANCE_COLUMNS, complianceRow } from './compliance.js';

describe('complianceRow', () => {
  it('writes one user or machine in the documented columns, unknown values empty', () => {
    expect(COMPLIANCE_COLUMNS).toEqual([
      'Username',
      'Email',
      'Machine ID',
      'Compliance Status',
      'Domain Status',
      'Settings Status',
      'Assigned Policy',
      'Last Policy Fetch',
      'Docker Desktop Version',
    ]);
    expect(
      complianceRow({
        username: 'alice',
        email: 'alice@example.com',
        machineId: 'MAC-1',
        complianceStatus: 'Non-compliant',
        domainStatus: 'Verified',
        settingsStatus: 'User policy',
        assignedPolicy: 'Engineering',
        lastPolicyFetch: '2026-11-19T08:15:00.000Z',
        desktopVersion: '4.35.0',
      }),
    ).toEqual([
      'alice',
      'alice@example.com',
      'MAC-1',
      'Non-compliant',
      'Verified',
      'User policy',
      'Engineering',
      '2026-11-19T08:15:00Z',
      '4.35.0',
    ]);
    expect(
      complianceRow({
        username: null,
        email: 'bob@example.com',
        machineId: null,
        complianceStatus: 'No policy assigned',
        domainStatus: null,
        settingsStatus: null,
        assignedPolicy: null,
        lastPolicyFetch: null,
        desktopVersion: null,
      }),
    ).toEqual([null, 'bob@example.com', null, 'No policy assigned', null, null, null, '', null]);
  });
});

import { describe, expect, it } from 'vitest';
import { importFailure as failure, importFixture as fixture } from '../../../test/support/import-fixtures.js';
import { InsightsError } from '../../errors.js';
import { DEFAULT_COMPLIANCE_HEADERS, parseCompliance, parseComplianceHeaderMap } from './compliance.js';

describe('parseCompliance', () => {
  it('parses the Settings Reporting export with every status', async () => {
    const records = await parseCompliance(fixture('compliance.csv'));
    expect(records.map((r) => r.complianceStatus)).toEqual([
      'Compliant',
      'Non-compliant',
      'Outdated',
      'No policy assigned',
      'Uncontrolled domain',
      'Unknown',
      'Non-compliant',
    ]);
    expect(records[1]).toEqual({
      username: 'bob',
      email: 'bob@example.com',
      machineId: null,
      complianceStatus: 'Non-compliant',
      domainStatus: 'Verified',
      settingsStatus: 'User policy',
      assignedPolicy: 'Locked-down engineering',
      lastPolicyFetch: '2026-11-19T17:45:12.000Z',
      desktopVersion: '4.41.1',
    });
    expect(records[2]?.lastPolicyFetch).toBe('2026-11-02T00:00:00.000Z');
    expect(records[3]).toMatchObject({ domainStatus: 'Domainless', settingsStatus: 'No policy assigned' });
    expect(records[4]).toMatchObject({
      domainStatus: 'Guest user',
      settingsStatus: null,
      lastPolicyFetch: null,
    });
    expect(records[6]).toMatchObject({ domainStatus: 'Verified', settingsStatus: 'User policy' });
  });

  it('accepts the spellings of Non-compliant', async () => {
    const text = [
      'User,Status',
      'a,Noncompliant',
      'b,Non compliant',
      'c,NOT COMPLIANT',
      'd,non-compliant',
    ].join('\n');
    const records = await parseCompliance(text);
    expect(new Set(records.map((r) => r.complianceStatus))).toEqual(new Set(['Non-compliant']));
  });

  it('names the line, column and accepted values of an unknown status', async () => {
    const error = await failure(
      parseCompliance('Email,Compliance Status\na@x.io,Compliant\nb@x.io,Drifted\n'),
    );
    expect(error.line).toBe(3);
    expect(error.column).toBe('Compliance Status');
    expect(error.message).toBe(
      'line 3, column "Compliance Status": "Drifted" is not a known status (accepted: "Compliant", ' +
        '"Non-compliant", "Outdated", "No policy assigned", "Uncontrolled domain", "Unknown")',
    );
    const domain = await failure(parseCompliance('Email,Status,Domain status\na@x.io,Compliant,Pending\n'));
    expect(domain.message).toContain('line 2, column "Domain status": "Pending" is not a known status');
  });

  it('names a missing required column and lists the headers found', async () => {
    const error = await failure(parseCompliance(fixture('compliance-missing-column.csv')));
    expect(error.line).toBe(1);
    expect(error.column).toBe('Compliance status');
    expect(error.message).toContain('missing required column "Compliance status"');
    expect(error.message).toContain('headers found: "Username", "Email", "Domain status", "Assigned policy"');
  });

  it('reads other header names through a custom map', async () => {
    await expect(parseCompliance(fixture('compliance-custom-headers.csv'))).rejects.toThrow(
      /missing required column/,
    );
    const headers = parseComplianceHeaderMap(
      'username=User ID; compliance_status=Policy state; assignedPolicy=Policy name;' +
        'lastPolicyFetch=Fetched at;desktopVersion=Client version;machineId=Device',
    );
    const records = await parseCompliance(fixture('compliance-custom-headers.csv'), { headers });
    expect(records).toEqual([
      {
        username: 'alice',
        email: 'alice@example.com',
        machineId: 'mac-7f3a',
        complianceStatus: 'Compliant',
        domainStatus: null,
        settingsStatus: null,
        assignedPolicy: 'Default org policy',
        lastPolicyFetch: '2026-11-20T08:00:00.000Z',
        desktopVersion: '4.40.0',
      },
      expect.objectContaining({ username: 'bob', complianceStatus: 'Non-compliant', machineId: 'win-22c9' }),
      expect.objectContaining({
        username: 'carol',
        email: null,
        complianceStatus: 'Outdated',
        assignedPolicy: null,
      }),
    ]);
  });

  it('lets a configured list replace the default', async () => {
    // "Status" is a default name for the compliance status; a configured list drops it.
    const text = 'Email,Status,State\na@x.io,Drifted,Compliant\n';
    const [record] = await parseCompliance(text, { headers: { complianceStatus: ['State'] } });
    expect(record?.complianceStatus).toBe('Compliant');
    expect(DEFAULT_COMPLIANCE_HEADERS.complianceStatus).toContain('Status');
  });
});

describe('parseComplianceHeaderMap', () => {
  it('parses field=header pairs with alternatives', () => {
    expect(parseComplianceHeaderMap('username=User ID;complianceStatus=Policy state')).toEqual({
      username: ['User ID'],
      complianceStatus: ['Policy state'],
    });
    expect(parseComplianceHeaderMap(' EMAIL = Mail | E-mail address ;; ')).toEqual({
      email: ['Mail', 'E-mail address'],
    });
    expect(parseComplianceHeaderMap('')).toEqual({});
  });

  it('rejects an unknown field', () => {
    expect(() => parseComplianceHeaderMap('user=User ID')).toThrow(InsightsError);
    expect(() => parseComplianceHeaderMap('user=User ID')).toThrow(/COMPLIANCE_HEADERS: "user=User ID"/);
    expect(() => parseComplianceHeaderMap('username')).toThrow(/fields: username, email/);
  });
});

import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importFixturePath as path } from '../../../test/support/import-fixtures.js';
import { detectKind, parseImport } from './index.js';

const firstLine = (name: string) => readFileSync(path(name), 'utf8').split('\n')[0] ?? '';

describe('detectKind', () => {
  it('recognizes each fixture by its header', () => {
    expect(detectKind(firstLine('desktop-users.csv'), 'export.csv')).toBe('desktop-users');
    expect(detectKind(firstLine('hub-members.csv'), 'acme-members-20261120.csv')).toBe('hub-members');
    expect(detectKind(firstLine('compliance.csv'), 'report.csv')).toBe('compliance');
    expect(detectKind(firstLine('insights-sample.csv'), 'insights.csv')).toBe('insights');
    expect(detectKind(firstLine('insights-sample.json'), 'insights.json')).toBe('insights');
    expect(detectKind('', 'snapshot.json')).toBe('insights');
  });

  it('ignores case, punctuation and a BOM in headers', () => {
    expect(detectKind('\uFEFFusername,EMAIL,opted_out_analytics', 'x.csv')).toBe('desktop-users');
    expect(detectKind('Username,Email,Last-Seen-Date', 'x.csv')).toBe('desktop-users');
    expect(detectKind('name,username,email,type,role,teams,date_joined', 'x.csv')).toBe('hub-members');
    expect(detectKind('"User",COMPLIANCE-STATUS', 'x.csv')).toBe('compliance');
    expect(detectKind('Day,Metric,Key,Value', 'x.csv')).toBe('insights');
  });

  it('uses a configured compliance status header', () => {
    expect(detectKind('User ID,Policy state', 'x.csv')).toBeUndefined();
    expect(
      detectKind('User ID,Policy state', 'x.csv', {
        complianceHeaders: { complianceStatus: ['Policy state'] },
      }),
    ).toBe('compliance');
  });

  it('returns undefined for anything else', () => {
    expect(detectKind('datehour,user_name,repository,pulls', 'pulls.csv')).toBeUndefined();
    expect(detectKind('', 'empty.csv')).toBeUndefined();
  });
});

describe('parseImport', () => {
  it('dispatches to each parser and tags the result', async () => {
    const desktop = await parseImport('desktop-users', createReadStream(path('desktop-users.csv')));
    expect(desktop.kind === 'desktop-users' && desktop.members.length).toBe(10);
    const hub = await parseImport('hub-members', createReadStream(path('hub-members.csv')));
    expect(hub.kind === 'hub-members' && hub.members.length).toBe(4);
    const compliance = await parseImport(
      'compliance',
      createReadStream(path('compliance-custom-headers.csv')),
      {
        complianceHeaders: { username: ['User ID'], complianceStatus: ['Policy state'] },
      },
    );
    expect(compliance.kind === 'compliance' && compliance.records.map((r) => r.complianceStatus)).toEqual([
      'Compliant',
      'Non-compliant',
      'Outdated',
    ]);
    const insights = await parseImport('insights', createReadStream(path('insights-sample.json')), {
      filename: 'insights-sample.json',
    });
    expect(insights).toMatchObject({ kind: 'insights', org: 'acme' });
    expect(insights.kind === 'insights' && insights.points.length).toBe(6);
  });

  it('rejects with an import_invalid error', async () => {
    await expect(
      parseImport('desktop-users', createReadStream(path('desktop-users-bad-date.csv'))),
    ).rejects.toMatchObject({
      code: 'import_invalid',
      line: 5,
      column: 'Last Seen Date',
    });
  });
});

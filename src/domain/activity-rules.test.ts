import { describe, expect, it } from 'vitest';
import {
  activitySeverity,
  DEFAULT_SENSITIVE_ACTIONS,
  isSensitive,
  sensitiveActivityFindings,
  unknownActions,
} from './activity-rules.js';

const event = (id: string, action: string, data: Record<string, string> = {}) => ({
  id,
  at: '2026-11-21T07:00:00Z',
  action,
  name: '',
  actor: 'olga',
  description: action === 'org.member.role.change' ? 'Changed the role of a member' : '',
  data,
});

describe('sensitive activity', () => {
  it('matches Docker’s <group>.<name> actions, exactly or by prefix, ignoring case', () => {
    expect(isSensitive('enterprise.sso.connection.update', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('enterprise.sso.scim_toggle', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('enterprise.setting.policy.update', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('Org.Member.Role.Change', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('org.member.remove', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('org.member.removed', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('org.registry_access.registry_added', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('repo.tag.push', DEFAULT_SENSITIVE_ACTIONS)).toBe(false);
    expect(isSensitive('org.member.add', DEFAULT_SENSITIVE_ACTIONS)).toBe(false);
  });

  it('takes a configured entry with or without its group', () => {
    for (const entry of ['member.role.change', 'org.member.role.change', 'ORG.MEMBER.*', 'member.*']) {
      expect(isSensitive('org.member.role.change', [entry]), entry).toBe(true);
    }
    expect(isSensitive('enterprise.sso.connection.update', ['sso.*'])).toBe(true);
    expect(isSensitive('enterprise.sso.connection.update', ['enterprise.*'])).toBe(true);
    expect(isSensitive('org.member.role.change', ['role.change'])).toBe(false);
    expect(isSensitive('org.member.role.change', ['repo.member.role.change'])).toBe(false);
    expect(isSensitive('org.member.role.change', ['member.role'])).toBe(false);
  });

  it('names the entries that match nothing in Docker’s catalog', () => {
    const catalog = ['org.member.role.change', 'org.member.remove', 'enterprise.sso.connection.update'];
    expect(unknownActions(['member.role.change', 'sso.*', 'member.rolechange', 'scim.*'], catalog)).toEqual([
      'member.rolechange',
      'scim.*',
    ]);
  });

  it('turns each sensitive event into one informational finding with a severity and Docker’s label', () => {
    const evaluation = sensitiveActivityFindings(
      [
        event('e1', 'org.member.role.change', { member: 'bob', role: 'owner' }),
        event('e2', 'repo.tag.push'),
        event('e3', 'enterprise.sso.connection.delete'),
      ],
      DEFAULT_SENSITIVE_ACTIONS,
      'acme',
      new Map([['org.member.role.change', 'Member Role Changed']]),
    );
    expect(evaluation.oneShot).toBe(true);
    expect(evaluation.findings.map((f) => [f.entity, f.severity])).toEqual([
      ['e1', 'medium'],
      ['e3', 'high'],
    ]);
    expect(evaluation.findings[0]?.title).toBe('Member Role Changed — olga: Changed the role of a member');
    expect(evaluation.findings[1]?.title).toBe('olga: enterprise.sso.connection.delete');
    expect(evaluation.findings[0]?.facts).toContainEqual(['Details', 'member=bob, role=owner']);
    expect(activitySeverity('billing.plan.upgrade')).toBe('low');
    expect(activitySeverity('org.domain.delete')).toBe('high');
  });
});

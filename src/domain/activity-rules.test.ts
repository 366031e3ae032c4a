import { describe, expect, it } from 'vitest';
import { DEFAULT_SENSITIVE_ACTIONS } from '../config.js';
import { activitySeverity, isSensitive, sensitiveActivityFindings } from './activity-rules.js';

const event = (id: string, action: string, data: Record<string, string> = {}) => ({
  id,
  at: '2026-11-21T07:00:00Z',
  action,
  name: '',
  actor: 'olga',
  description: action === 'member.role.change' ? 'Changed the role of a member' : '',
  data,
});

describe('sensitive activity', () => {
  it('matches exact actions and prefixes from the list, ignoring case', () => {
    expect(isSensitive('sso.connection.update', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('Member.Role.Change', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('registry_access.registry_added', DEFAULT_SENSITIVE_ACTIONS)).toBe(true);
    expect(isSensitive('repo.tag.push', DEFAULT_SENSITIVE_ACTIONS)).toBe(false);
    expect(isSensitive('member.add', DEFAULT_SENSITIVE_ACTIONS)).toBe(false);
  });

  it('turns each sensitive event into one informational finding with a severity', () => {
    const evaluation = sensitiveActivityFindings(
      [
        event('e1', 'member.role.change', { member: 'bob', role: 'owner' }),
        event('e2', 'repo.tag.push'),
        event('e3', 'sso.connection.delete'),
      ],
      DEFAULT_SENSITIVE_ACTIONS,
      'acme',
    );
    expect(evaluation.oneShot).toBe(true);
    expect(evaluation.findings.map((f) => [f.entity, f.severity])).toEqual([
      ['e1', 'medium'],
      ['e3', 'high'],
    ]);
    expect(evaluation.findings[0]?.title).toBe('olga: Changed the role of a member');
    expect(evaluation.findings[0]?.facts).toContainEqual(['Details', 'member=bob, role=owner']);
    expect(activitySeverity('plan.upgrade')).toBe('low');
  });
});

import { describe, expect, it } from 'vitest';
import { openAlert } from '../../test/support/alerts.js';
import type { Alert } from './alerts.js';
import {
  activityRecord,
  alertRecord,
  scoutScrapeRecord,
  siemDocument,
  siemDocumentJson,
} from './siem-records.js';

const AT = new Date('2026-11-21T08:00:00Z');
const alert: Alert = openAlert(
  {
    rule: 'drift.compliance',
    entity: 'bob@example.com',
    title: 'bob@example.com is Non-compliant',
    facts: [['Status', 'Non-compliant']],
    advice: 'restart Docker Desktop',
    episode: 2,
  },
  AT,
);

describe('SIEM records', () => {
  it('carry Docker’s activity fields, the org and a stable idempotency key', () => {
    const r = activityRecord({
      id: 'abc',
      at: '2026-11-20T10:00:00.000Z',
      action: 'org.member.role.change',
      name: 'acme',
      actor: 'olga',
      data: { role: 'owner' },
      description: 'changed a role',
    });
    expect(siemDocument('acme', r)).toEqual({
      schema_version: 1,
      kind: 'activity',
      id: 'activity:abc',
      time: '2026-11-20T10:00:00.000Z',
      org: 'acme',
      account: 'acme',
      action: 'org.member.role.change',
      name: 'acme',
      actor: 'olga',
      data: { role: 'owner' },
      timestamp: '2026-11-20T10:00:00.000Z',
      action_description: 'changed a role',
    });
  });

  it('build the same document from the stored JSON text as from the record', () => {
    const r = alertRecord(alert, 'opened', AT);
    const json = siemDocumentJson('acme', { ...r, json: JSON.stringify(r.body) });
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(siemDocument('acme', r))));
    expect(JSON.parse(siemDocumentJson('acme', { ...r, json: '{}' }))).toMatchObject({
      id: r.key,
      org: 'acme',
    });
  });

  it('key alert transitions by episode, and re-notifications and silences by when and which', () => {
    expect(alertRecord(alert, 'opened', AT).key).toBe('alert:drift.compliance:bob@example.com:2:opened');
    const later = new Date(AT.getTime() + 86_400_000);
    expect(alertRecord(alert, 'renotified', later).key).toBe(
      `alert:drift.compliance:bob@example.com:2:renotified:${later.toISOString()}`,
    );
    const silenced = alertRecord(alert, 'silenced', AT, {
      by: 'U0ADMIN',
      silence: { id: 7, matcher: 'drift', until: later },
    });
    expect(silenced.key).toMatch(/:silenced:7$/);
    expect(silenced.body).toMatchObject({ by: 'U0ADMIN', facts: { Status: 'Non-compliant' } });
  });

  it('report a Scout scrape only when a count changed, with the previous value', () => {
    const policy = {
      stream: 'prod',
      policyId: 'p1',
      displayName: 'No critical',
      compliant: 9,
      evaluated: 10,
    };
    const metrics = {
      policies: [policy],
      vulnerabilities: [{ stream: 'prod', severity: 'critical', count: 3 }],
    };
    expect(scoutScrapeRecord(AT, metrics, metrics)).toBeNull();
    const changed = scoutScrapeRecord(AT, metrics, { ...metrics, policies: [{ ...policy, compliant: 7 }] });
    expect(changed?.body).toEqual({
      event: 'scrape_change',
      policies: [
        {
          stream: 'prod',
          policy_id: 'p1',
          display_name: 'No critical',
          compliant: 7,
          evaluated: 10,
          previous_compliant: 9,
          previous_evaluated: 10,
        },
      ],
      vulnerabilities: [],
    });
    expect(scoutScrapeRecord(AT, null, metrics)?.body.vulnerabilities).toEqual([
      { stream: 'prod', severity: 'critical', count: 3, previous_count: null },
    ]);
  });
});

import { readFileSync } from 'node:fs';

export interface FakeAuditAction {
  name: string;
  description: string;
  label: string;
}

/**
 * The `GET /v2/auditlogs/{account}/actions` answer: verbatim the example in docker-hub-api.yaml (spec commit
 * c065f800), kept as data in test/fixtures/docker/audit-actions.json.
 */
export const AUDIT_ACTION_CATALOG: Record<string, { label: string; actions: FakeAuditAction[] }> = (
  JSON.parse(readFileSync(new URL('../fixtures/docker/audit-actions.json', import.meta.url), 'utf8')) as {
    actions: Record<string, { label: string; actions: FakeAuditAction[] }>;
  }
).actions;

import type { Alert, Finding } from '../../src/domain/alerts.js';

/** An open alert of `finding`'s rule and entity, first seen `at`, never notified; `over` changes the rest. */
export function openAlert(finding: Pick<Finding, 'rule' | 'entity'> & Partial<Alert>, at: Date): Alert {
  return {
    severity: 'high',
    title: finding.entity,
    facts: [],
    advice: '',
    link: 'https://app.docker.com/admin',
    fingerprint: `${finding.rule}:${finding.entity}`,
    state: 'open',
    episode: 1,
    oneShot: false,
    firstSeen: at,
    lastSeen: at,
    openedAt: at,
    resolvedAt: null,
    notifiedAt: null,
    ackedBy: null,
    ackedAt: null,
    ...finding,
  };
}

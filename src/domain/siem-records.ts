/**
 * What the bot forwards to a SIEM (Splunk, Sentinel, a signed webhook): one versioned JSON record per
 * activity-log event, alert transition, Scout result and audit entry. Field names are stable (snake_case,
 * Docker's own for activity events); `id` is the idempotency key a SIEM deduplicates on. The schema is
 * documented in the README ("Forwarding to a SIEM → Records").
 */
import type { ActivityEvent } from './activity-event.js';
import type { Alert } from './alerts.js';
import type { ScoutMetrics } from './scout-rules.js';
import type { ImageScan } from './scout-summary.js';

export const SIEM_SCHEMA_VERSION = 1;

export const SIEM_KINDS = ['activity', 'alert', 'scout', 'audit'] as const;
export type SiemKind = (typeof SIEM_KINDS)[number];

/** One record as queued: its key, kind and time beside the JSON body the destinations receive. */
export interface SiemRecord {
  key: string;
  kind: SiemKind;
  /** ISO 8601 UTC: when it happened (the event's time, the transition's, the scrape's). */
  at: string;
  body: SiemBody;
}

/** The record's own fields; `withOrg()` puts the common ones first when it is sent. */
export type SiemBody = Record<string, unknown>;

const record = (kind: SiemKind, key: string, at: Date | string, fields: SiemBody): SiemRecord => ({
  key,
  kind,
  at: typeof at === 'string' ? at : at.toISOString(),
  body: fields,
});

/**
 * The record as a destination receives it: `schema_version`, `kind`, `id` (the idempotency key), `time`
 * and `org` first, then the kind's own fields. The bot serves one organization, so the org is added here.
 */
export function siemDocument(org: string, r: Pick<SiemRecord, 'key' | 'kind' | 'at' | 'body'>) {
  const account = r.kind === 'activity' ? { account: org } : {};
  return {
    schema_version: SIEM_SCHEMA_VERSION,
    kind: r.kind,
    id: r.key,
    time: r.at,
    org,
    ...account,
    ...r.body,
  };
}

/**
 * siemDocument() as JSON text, from the body as stored (JSON text too): no object is built, so a
 * backfill of 100,000 records costs strings, not object graphs. The body never holds the common keys.
 */
export function siemDocumentJson(
  org: string,
  r: Pick<SiemRecord, 'key' | 'kind' | 'at'> & { json: string },
): string {
  const head = JSON.stringify(siemDocument(org, { ...r, body: {} }));
  const body = r.json.trim();
  return body === '{}' ? head : `${head.slice(0, -1)},${body.slice(1)}`;
}

/** An activity-log event, in Docker's field names (`GET /v2/auditlogs/{account}`), plus the org. */
export function activityRecord(e: ActivityEvent): SiemRecord {
  return record('activity', `activity:${e.id}`, e.at, {
    action: e.action,
    name: e.name,
    actor: e.actor,
    data: e.data,
    timestamp: e.at,
    action_description: e.description,
  });
}

export const ALERT_TRANSITIONS = ['opened', 'renotified', 'acknowledged', 'silenced', 'resolved'] as const;
export type AlertTransition = (typeof ALERT_TRANSITIONS)[number];

/** One step of an alert's life; `by` is the Slack user for acknowledgements and silences. */
export function alertRecord(
  alert: Alert,
  transition: AlertTransition,
  at: Date,
  extra: { by?: string; silence?: { id: number; matcher: string; until: Date } } = {},
): SiemRecord {
  // Re-notifications and silences repeat within an episode: their time (or silence) keeps them apart.
  const suffix =
    transition === 'renotified'
      ? `:${at.toISOString()}`
      : transition === 'silenced' && extra.silence
        ? `:${extra.silence.id}`
        : '';
  return record('alert', `alert:${alert.fingerprint}:${alert.episode}:${transition}${suffix}`, at, {
    transition,
    rule: alert.rule,
    entity: alert.entity,
    fingerprint: alert.fingerprint,
    episode: alert.episode,
    severity: alert.severity,
    title: alert.title,
    facts: Object.fromEntries(alert.facts),
    link: alert.link,
    opened_at: alert.openedAt.toISOString(),
    by: extra.by ?? null,
    ...(extra.silence
      ? {
          silence: {
            id: extra.silence.id,
            matcher: extra.silence.matcher,
            until: extra.silence.until.toISOString(),
          },
        }
      : {}),
  });
}

/** A CI result posted to `/ingest/scout`: counts per severity and what it did to the alerts. */
export function scoutResultRecord(
  scan: ImageScan,
  outcome: { opened: number; resolved: number },
): SiemRecord {
  const at = scan.receivedAt.toISOString();
  return record('scout', `scout:ci:${scan.image}:${at}`, at, {
    event: 'ci_result',
    image: scan.image,
    format: scan.format,
    vulnerabilities: scan.counts,
    findings: scan.findings,
    alerts_opened: outcome.opened,
    alerts_resolved: outcome.resolved,
  });
}

/**
 * A scrape of the Scout exporter that changed something since the previous one (a policy's compliant or
 * evaluated count, a vulnerability count); null when nothing changed.
 */
export function scoutScrapeRecord(
  at: Date,
  previous: ScoutMetrics | null,
  current: ScoutMetrics,
): SiemRecord | null {
  const policyKey = (p: ScoutMetrics['policies'][number]) => `${p.stream}\u0000${p.policyId}`;
  const before = new Map((previous?.policies ?? []).map((p) => [policyKey(p), p]));
  const policies = current.policies
    .filter((p) => {
      const b = before.get(policyKey(p));
      return !b || b.compliant !== p.compliant || b.evaluated !== p.evaluated;
    })
    .map((p) => {
      const b = before.get(policyKey(p));
      return {
        stream: p.stream,
        policy_id: p.policyId,
        display_name: p.displayName,
        compliant: p.compliant,
        evaluated: p.evaluated,
        previous_compliant: b?.compliant ?? null,
        previous_evaluated: b?.evaluated ?? null,
      };
    });
  const vulnKey = (v: ScoutMetrics['vulnerabilities'][number]) => `${v.stream}\u0000${v.severity}`;
  const vulnBefore = new Map((previous?.vulnerabilities ?? []).map((v) => [vulnKey(v), v.count]));
  const vulnerabilities = current.vulnerabilities
    .filter((v) => vulnBefore.get(vulnKey(v)) !== v.count)
    .map((v) => ({
      stream: v.stream,
      severity: v.severity,
      count: v.count,
      previous_count: vulnBefore.get(vulnKey(v)) ?? null,
    }));
  if (policies.length === 0 && vulnerabilities.length === 0) return null;
  return record('scout', `scout:scrape:${at.toISOString()}`, at, {
    event: 'scrape_change',
    policies,
    vulnerabilities,
  });
}

/** One entry of the bot's own audit trail: who subscribed, exported, acknowledged, silenced. */
export function auditRecord(
  id: number,
  entry: { at: Date; actor: string; action: string; target: string; detail?: unknown },
): SiemRecord {
  return record('audit', `audit:${id}`, entry.at, {
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    detail: entry.detail ?? {},
  });
}

import type { Alert, Severity } from '../domain/alerts.js';
import { chunks } from './chunks.js';
import type { Queryable } from './db.js';
import { createSilencesRepo } from './silences-repo.js';

export type { StoredSilence } from './silences-repo.js';

type AlertRow = {
  fingerprint: string;
  rule: string;
  entity: string;
  severity: Severity;
  title: string;
  facts: Array<[string, string]>;
  advice: string;
  link: string;
  since: string | null;
  state: Alert['state'];
  episode: number;
  one_shot: boolean;
  first_seen: Date;
  last_seen: Date;
  opened_at: Date;
  resolved_at: Date | null;
  notified_at: Date | null;
  acked_by: string | null;
  acked_at: Date | null;
};

const COLUMNS = `fingerprint, rule, entity, severity, title, facts, advice, link, since, state, episode, one_shot,
  first_seen, last_seen, opened_at, resolved_at, notified_at, acked_by, acked_at`;

function toAlert(r: AlertRow): Alert {
  return {
    fingerprint: r.fingerprint,
    rule: r.rule,
    entity: r.entity,
    severity: r.severity,
    title: r.title,
    facts: r.facts,
    advice: r.advice,
    link: r.link,
    ...(r.since ? { since: r.since } : {}),
    state: r.state,
    episode: r.episode,
    oneShot: r.one_shot,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    openedAt: r.opened_at,
    resolvedAt: r.resolved_at,
    notifiedAt: r.notified_at,
    ackedBy: r.acked_by,
    ackedAt: r.acked_at,
  };
}

export interface AlertMessage {
  id: number;
  channel: string;
  deliveryKey: string;
  threadUpdates: boolean;
  heading: string;
  updates: number;
}

type MessageRow = {
  id: number | string;
  channel: string;
  delivery_key: string;
  thread_updates: boolean;
  heading: string;
  updates: number;
};

const toMessage = (r: MessageRow): AlertMessage => ({
  id: Number(r.id),
  channel: r.channel,
  deliveryKey: r.delivery_key,
  threadUpdates: r.thread_updates,
  heading: r.heading,
  updates: r.updates,
});

/** Alerts, silences and the Slack messages that list alerts (migration 005), for one organization. */
export function createAlertsRepo(db: Queryable, org: string) {
  return {
    ...createSilencesRepo(db, org),

    async byRule(rule: string): Promise<Alert[]> {
      const rows = await db.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE org = $1 AND rule = $2`, [
        org,
        rule,
      ]);
      return rows.map(toAlert);
    },

    async open(): Promise<Alert[]> {
      const rows = await db.query<AlertRow>(
        `SELECT ${COLUMNS} FROM alerts WHERE org = $1 AND state = 'open' ORDER BY opened_at, fingerprint`,
        [org],
      );
      return rows.map(toAlert);
    },

    /** How many alerts are open whose rule is in the family (`drift` counts `drift.compliance`, …). */
    async openCount(family: string): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM alerts WHERE org = $1 AND state = 'open' AND starts_with(rule, $2)`,
        [org, `${family}.`],
      );
      return row?.n ?? 0;
    },

    async get(fingerprint: string): Promise<Alert | null> {
      const [row] = await db.query<AlertRow>(
        `SELECT ${COLUMNS} FROM alerts WHERE org = $1 AND fingerprint = $2`,
        [org, fingerprint],
      );
      return row ? toAlert(row) : null;
    },

    async byFingerprints(fingerprints: string[]): Promise<Alert[]> {
      const rows = await db.query<AlertRow>(
        `SELECT ${COLUMNS} FROM alerts WHERE org = $1 AND fingerprint = ANY($2::text[])`,
        [org, fingerprints],
      );
      return rows.map(toAlert);
    },

    /** Inserts or replaces alerts (the whole row). */
    async save(alerts: Alert[]): Promise<void> {
      for (const c of chunks(alerts)) {
        const col = <T>(f: (a: Alert) => T) => c.map(f);
        await db.query(
          `INSERT INTO alerts (org, ${COLUMNS})
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
             $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::boolean[], $14::timestamptz[],
             $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::text[],
             $20::timestamptz[])
           ON CONFLICT (org, fingerprint) DO UPDATE SET
             rule = EXCLUDED.rule, entity = EXCLUDED.entity, severity = EXCLUDED.severity, title = EXCLUDED.title,
             facts = EXCLUDED.facts, advice = EXCLUDED.advice, link = EXCLUDED.link, since = EXCLUDED.since,
             state = EXCLUDED.state, episode = EXCLUDED.episode, one_shot = EXCLUDED.one_shot,
             first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen, opened_at = EXCLUDED.opened_at,
             resolved_at = EXCLUDED.resolved_at, notified_at = EXCLUDED.notified_at,
             acked_by = EXCLUDED.acked_by, acked_at = EXCLUDED.acked_at`,
          [
            org,
            col((a) => a.fingerprint),
            col((a) => a.rule),
            col((a) => a.entity),
            col((a) => a.severity),
            col((a) => a.title),
            col((a) => JSON.stringify(a.facts)),
            col((a) => a.advice),
            col((a) => a.link),
            col((a) => a.since ?? null),
            col((a) => a.state),
            col((a) => a.episode),
            col((a) => a.oneShot),
            col((a) => a.firstSeen),
            col((a) => a.lastSeen),
            col((a) => a.openedAt),
            col((a) => a.resolvedAt),
            col((a) => a.notifiedAt),
            col((a) => a.ackedBy),
            col((a) => a.ackedAt),
          ],
        );
      }
    },

    async createMessage(
      m: { channel: string; threadUpdates: boolean; heading: string; items: Alert[] },
      at: Date,
    ): Promise<AlertMessage> {
      const [row] = await db.query<MessageRow>(
        `WITH n AS (SELECT nextval(pg_get_serial_sequence('alert_messages', 'id')) AS id)
         INSERT INTO alert_messages (id, org, channel, delivery_key, thread_updates, heading, created_at)
         SELECT n.id, $1, $2, 'alerts:' || n.id, $3, $4, $5 FROM n
         RETURNING id, channel, delivery_key, thread_updates, heading, updates`,
        [org, m.channel, m.threadUpdates, m.heading, at],
      );
      if (!row) throw new Error('alert message was not stored');
      const message = toMessage(row);
      await db.query(
        `INSERT INTO alert_message_items (message_id, org, fingerprint, episode, position)
         SELECT $1, $2, * FROM unnest($3::text[], $4::int[], $5::int[])`,
        [
          message.id,
          org,
          m.items.map((a) => a.fingerprint),
          m.items.map((a) => a.episode),
          m.items.map((_, i) => i),
        ],
      );
      return message;
    },

    /** The messages that list this episode of the alerts. */
    async messagesShowing(alerts: Array<Pick<Alert, 'fingerprint' | 'episode'>>): Promise<AlertMessage[]> {
      if (alerts.length === 0) return [];
      const rows = await db.query<MessageRow>(
        `SELECT DISTINCT m.id, m.channel, m.delivery_key, m.thread_updates, m.heading, m.updates
         FROM alert_messages m JOIN alert_message_items i ON i.message_id = m.id
         JOIN unnest($2::text[], $3::int[]) AS a(fingerprint, episode)
           ON a.fingerprint = i.fingerprint AND a.episode = i.episode
         WHERE m.org = $1 ORDER BY m.id`,
        [org, alerts.map((a) => a.fingerprint), alerts.map((a) => a.episode)],
      );
      return rows.map(toMessage);
    },

    /** What a message lists, in order: each alert as it is now, and the episode the message announced. */
    async messageItems(messageId: number): Promise<Array<{ alert: Alert; episode: number }>> {
      const rows = await db.query<AlertRow & { item_episode: number }>(
        `SELECT ${COLUMNS.split(',')
          .map((c) => `a.${c.trim()}`)
          .join(', ')}, i.episode AS item_episode
         FROM alert_message_items i JOIN alerts a ON a.org = i.org AND a.fingerprint = i.fingerprint
         WHERE i.message_id = $1 ORDER BY i.position`,
        [messageId],
      );
      return rows.map((r) => ({ alert: toAlert(r), episode: r.item_episode }));
    },

    /** Counts one more update of the message (and clears `stale`); returns the new count, which names the update. */
    async nextUpdate(messageId: number): Promise<number> {
      const [row] = await db.query<{ updates: number }>(
        'UPDATE alert_messages SET updates = updates + 1, stale = false WHERE id = $1 RETURNING updates',
        [messageId],
      );
      return row?.updates ?? 0;
    },

    async markStale(messageIds: number[]): Promise<void> {
      if (messageIds.length === 0) return;
      await db.query('UPDATE alert_messages SET stale = true WHERE org = $1 AND id = ANY($2::bigint[])', [
        org,
        messageIds,
      ]);
    },

    async staleMessages(): Promise<AlertMessage[]> {
      const rows = await db.query<MessageRow>(
        `SELECT id, channel, delivery_key, thread_updates, heading, updates FROM alert_messages
         WHERE org = $1 AND stale ORDER BY id`,
        [org],
      );
      return rows.map(toMessage);
    },
  };
}

export type AlertsRepo = ReturnType<typeof createAlertsRepo>;

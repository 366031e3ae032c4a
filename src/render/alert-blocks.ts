import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { type Alert, NO_LONGER_IN_DATA, type Severity } from '../domain/alerts.js';
import { formatWhen } from '../domain/format.js';
import type { SlackMessage } from './blocks.js';
import { fallbackText, mrkdwnSafe, plainCut } from './slack-text.js';

/** Alerts listed with their own text and buttons; the rest are counted in an overflow line. */
export const ALERTS_SHOWN_MAX = 10;
const HEADER_MAX = 150;
const TITLE_MAX = 200;
const FACTS_MAX = 900;
const ADVICE_MAX = 600;
const FALLBACK_MAX = 2000;

/** Button action IDs; the value is the alert's fingerprint. */
export const ALERT_ACTIONS = {
  ack: 'alert_ack',
  silence: { alert_silence_1h: 3_600_000, alert_silence_1d: 86_400_000, alert_silence_1w: 604_800_000 },
  open: 'alert_open',
} as const;

export const SEVERITY_ICON: Record<Severity, string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_blue_circle:',
};
const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export { formatWhen };

export interface ShownAlert {
  alert: Alert;
  /** The episode the message announced: a later episode means this one resolved. */
  episode: number;
  /** Active silence covering the alert, if any. */
  silencedUntil?: Date | null;
}

const isResolved = (s: ShownAlert) => s.alert.state === 'resolved' || s.alert.episode > s.episode;

function statusLine(s: ShownAlert): string {
  const { alert } = s;
  const since = alert.since ? new Date(alert.since) : alert.openedAt;
  const parts = [`${alert.oneShot ? 'At' : 'Since'} ${formatWhen(since)}`];
  if (isResolved(s) && !alert.oneShot) {
    parts.push(
      alert.episode > s.episode || !alert.resolvedAt
        ? ':white_check_mark: Resolved'
        : `:white_check_mark: Resolved ${formatWhen(alert.resolvedAt)}`,
    );
  } else if (!isResolved(s)) {
    if (alert.ackedBy) parts.push(`:eyes: Acknowledged by <@${alert.ackedBy}>`);
    if (s.silencedUntil) parts.push(`:no_bell: Silenced until ${formatWhen(s.silencedUntil)}`);
  }
  return parts.join(' · ');
}

function buttons(s: ShownAlert, index: number): ActionsBlock {
  return alertActions(s.alert, !isResolved(s) && !s.alert.oneShot, `alert:${index}`);
}

/**
 * An alert's buttons, here and on the Home tab: Acknowledge (until someone has) and the silences while
 * `actionable`, then "Open in Docker".
 */
export function alertActions(
  alert: Pick<Alert, 'fingerprint' | 'link' | 'ackedBy'>,
  actionable: boolean,
  blockId: string,
): ActionsBlock {
  const elements: Button[] = [];
  if (actionable) {
    if (!alert.ackedBy) {
      elements.push({
        type: 'button',
        action_id: ALERT_ACTIONS.ack,
        text: { type: 'plain_text', text: 'Acknowledge' },
        value: alert.fingerprint,
        style: 'primary',
      });
    }
    const labels = { alert_silence_1h: '1 hour', alert_silence_1d: '1 day', alert_silence_1w: '1 week' };
    for (const [actionId, label] of Object.entries(labels)) {
      elements.push({
        type: 'button',
        action_id: actionId,
        text: { type: 'plain_text', text: `Silence ${label}` },
        value: alert.fingerprint,
      });
    }
  }
  elements.push({
    type: 'button',
    action_id: ALERT_ACTIONS.open,
    text: { type: 'plain_text', text: 'Open in Docker' },
    url: alert.link,
  });
  return { type: 'actions', block_id: blockId, elements };
}

function alertText(s: ShownAlert): string {
  const { alert } = s;
  const icon =
    isResolved(s) && !alert.oneShot
      ? ':white_check_mark:'
      : alert.oneShot
        ? ':information_source:'
        : SEVERITY_ICON[alert.severity];
  const label = SEVERITY_LABEL[alert.severity];
  const title = mrkdwnSafe(alert.title, TITLE_MAX);
  const heading = isResolved(s) && !alert.oneShot ? `~${title}~` : title;
  const facts = mrkdwnSafe(alert.facts.map(([k, v]) => `${k}: ${v}`).join(' · '), FACTS_MAX);
  return `${icon} *${label}* · *${heading}*\n${facts}\n_${mrkdwnSafe(alert.advice, ADVICE_MAX)}_`;
}

/**
 * One message for the alerts that opened together: up to ten listed, each with its facts, advice and
 * buttons, and an overflow line for the rest. Re-rendered from the store whenever one of them changes.
 */
export function alertGroupMessage(heading: string, items: ShownAlert[]): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainCut(heading, HEADER_MAX), emoji: true } },
  ];
  const shown = items.slice(0, ALERTS_SHOWN_MAX);
  shown.forEach((s, i) => {
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: alertText(s) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: statusLine(s) }] },
      buttons(s, i),
    );
  });
  const hidden = items.length - shown.length;
  if (hidden > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${hidden} more in this group. \`/insights alerts\` lists every open alert.`,
        },
      ],
    });
  }
  const open = items.filter((s) => !isResolved(s)).length;
  const text = fallbackText(
    `${heading}${open < items.length ? ` (${items.length - open} resolved)` : ''}: ${items.map((s) => s.alert.title).join('; ')}`,
    FALLBACK_MAX,
  );
  return { text, blocks };
}

/** The heading of a new group: `3 new drift alerts`, `1 drift alert still open`. */
export function groupHeading(kind: string, fresh: number, repeated: number): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  if (repeated === 0) return `:rotating_light: ${n(fresh, `new ${kind} alert`)}`;
  if (fresh === 0) return `:bell: ${n(repeated, `${kind} alert`)} still open`;
  return `:rotating_light: ${n(fresh, `new ${kind} alert`)}, ${repeated} still open`;
}

/** The thread note when an alert resolves, with why (`the latest report shows it Compliant`). */
export function resolvedNote(alert: Alert, at: Date, reason: string = NO_LONGER_IN_DATA): string {
  return `:white_check_mark: Resolved ${formatWhen(at)}: ${mrkdwnSafe(alert.title, TITLE_MAX)} — ${mrkdwnSafe(reason, TITLE_MAX)}.`;
}

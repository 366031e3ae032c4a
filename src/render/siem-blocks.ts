import type { KnownBlock } from '@slack/types';
import type { SiemDestinationView } from '../domain/siem-status.js';
import { formatWhen } from './alert-blocks.js';
import type { SlackMessage } from './blocks.js';
import { fallbackText, mrkdwnSafe } from './slack-text.js';

const SETUP =
  'No SIEM destination is configured. Set `SIEM_SPLUNK_URL` and `SIEM_SPLUNK_TOKEN` (Splunk HEC), the `SIEM_SENTINEL_*` variables (Microsoft Sentinel) or `SIEM_WEBHOOK_URL` and `SIEM_WEBHOOK_SECRET` (a signed webhook), then restart; the README has a copy-paste configuration for each.';

/** `/insights siem` (admins): each destination's state, queued count, last success and last error. */
export function siemMessage(destinations: SiemDestinationView[], now: Date): SlackMessage {
  if (destinations.length === 0) {
    return {
      text: fallbackText(SETUP),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: SETUP } }],
    };
  }
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'SIEM forwarding' } },
    ...destinations.map(
      (d): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: destinationText(d, now) } }),
    ),
  ];
  const summary = destinations.map((d) => `${d.label} ${stateWord(d, now)}, ${d.queued} queued`).join('; ');
  return { text: fallbackText(`SIEM forwarding: ${summary}.`), blocks };
}

function stateWord(d: SiemDestinationView, now: Date): string {
  if (d.state === 'paused') return 'paused';
  if (d.nextAt && d.nextAt > now) return 'retrying';
  return 'active';
}

function destinationText(d: SiemDestinationView, now: Date): string {
  const word = stateWord(d, now);
  const icon =
    word === 'paused'
      ? ':red_circle:'
      : word === 'retrying'
        ? ':large_orange_circle:'
        : ':large_green_circle:';
  const lines = [`${icon} *${d.label}* (\`${d.name}\`) — ${word}`];
  if (d.state === 'paused') {
    lines.push(
      `Paused: ${mrkdwnSafe(d.pausedReason ?? 'unknown', 400)}. Fix it, then \`/insights siem resume ${d.name}\` (or restart the bot); what queued meanwhile is sent then.`,
    );
  } else if (word === 'retrying' && d.nextAt) {
    lines.push(
      `Retrying at ${formatWhen(d.nextAt)} after ${d.failures} failed attempt${d.failures === 1 ? '' : 's'}.`,
    );
  }
  const counts = [`${d.queued} queued`];
  if (d.awaitingAck > 0) counts.push(`${d.awaitingAck} awaiting acknowledgment`);
  counts.push(`${d.sentTotal} sent`);
  if (d.dead > 0) counts.push(`${d.dead} dead-lettered`);
  lines.push(counts.join(' · '));
  lines.push(`Last success: ${d.lastSuccessAt ? formatWhen(d.lastSuccessAt) : 'never'}`);
  if (d.lastError && d.lastErrorAt) {
    lines.push(`Last error (${formatWhen(d.lastErrorAt)}): ${mrkdwnSafe(d.lastError, 400)}`);
  }
  if (d.lastDead) {
    lines.push(
      `Last dead letter: \`${mrkdwnSafe(d.lastDead.key, 120)}\` — ${mrkdwnSafe(d.lastDead.error, 300)}`,
    );
  }
  return lines.join('\n');
}

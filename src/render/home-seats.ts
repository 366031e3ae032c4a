import type { KnownBlock } from '@slack/types';
import { formatCount, formatPercent } from '../domain/format.js';
import type { HomeSeats } from '../domain/home.js';

/** `*Seats* 231 of 250 used (92.4%) · 37 idle 30+ days or never active · 4 pending invites` */
export function seatsLine(s: HomeSeats): string {
  const used =
    s.purchased === null
      ? `${formatCount(s.used)} used`
      : `${formatCount(s.used)} of ${formatCount(s.purchased)} used (${formatPercent(s.used / s.purchased)})`;
  return `:busts_in_silhouette: *Docker Business seats* ${used} · ${formatCount(s.idle)} idle 30+ days or never active · ${formatCount(s.invites)} pending invite${s.invites === 1 ? '' : 's'} — \`/insights seats\``;
}

/** The Home tab's seats line, and for admins how reclaiming stands. */
export function homeSeatsBlocks(s: HomeSeats | null): KnownBlock[] {
  if (!s) return [];
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: seatsLine(s) } }];
  const r = s.reclaim;
  if (r) {
    const asked = r.waiting + r.released + r.unanswered + r.kept;
    const text =
      asked + r.notFound === 0
        ? 'Reclaiming: nobody asked yet — `/insights seats ask 60d` asks idle members by DM whether they still need their seat.'
        : `Reclaiming: ${formatCount(r.waiting)} waiting for an answer · ${formatCount(r.released)} released · ${formatCount(r.unanswered)} never answered · ${formatCount(r.kept)} kept · ${formatCount(r.notFound)} not in Slack — \`/insights seats reclaim\``;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
  }
  return blocks;
}

import type { Button, KnownBlock } from '@slack/types';
import { formatCount } from '../domain/format.js';
import type { ReviewedAsk, SeatReview } from '../domain/seat-reclaim.js';
import type { SlackMessage } from './blocks.js';
import { demoNoticeBlock } from './demo-notice.js';
import { lineSections } from './seats-blocks.js';
import { fallbackText, mrkdwnSafe, plainCut } from './slack-text.js';

/** The reclaim buttons' action IDs (admin-only ones are checked on the server). */
export const SEAT_ACTIONS = {
  ask: 'seats_ask',
  keep: 'seats_keep',
  release: 'seats_release',
  remove: 'seats_remove',
} as const;

/** Slack's confirm dialog text holds at most 300 characters. */
const CONFIRM_MAX = 300;

const day = (d: Date | string | null) =>
  d === null ? 'unknown' : (typeof d === 'string' ? d : d.toISOString()).slice(0, 10);
const names = (asks: Array<{ username: string }>, max = 40) =>
  asks.length === 0
    ? 'none'
    : `${asks
        .slice(0, max)
        .map((a) => `*${mrkdwnSafe(a.username, 80)}*`)
        .join(', ')}${asks.length > max ? ` and ${formatCount(asks.length - max)} more` : ''}`;

/** A list of names for a confirm dialog, cut to fit: `alice, bob and 12 more`. */
export function confirmList(usernames: string[], room: number): string {
  const out: string[] = [];
  for (const [i, name] of usernames.entries()) {
    const rest = usernames.length - i - 1;
    const tail = rest > 0 ? ` and ${rest} more` : '';
    if ([...out, name].join(', ').length + tail.length > room) {
      return `${out.join(', ')} and ${usernames.length - out.length} more`;
    }
    out.push(name);
  }
  return out.join(', ');
}

export interface AskPreview {
  days: number;
  /** Who would be asked now (the longest idle first, up to the cap), and how many qualify in all. */
  members: Array<{ username: string; name: string; teams: string[]; idleSince: string | null }>;
  total: number;
  /** The most asked in one go. */
  cap: number;
  graceDays: number;
  org: string;
  demo: boolean;
}

/** `/insights seats ask 60d` (ephemeral, admins): who would be asked, and the button that asks them. */
export function askPreviewMessage(p: AskPreview): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (p.demo) blocks.push(demoNoticeBlock());
  if (p.total === 0) {
    const text = `Nobody in ${p.org} to ask: no member idle for ${p.days}+ days who is not an owner, exempt, new (joined in the last ${p.graceDays} days), already asked, or answered “Keep” in the last 30 days.`;
    return {
      text: fallbackText(text),
      blocks: [...blocks, { type: 'section', text: { type: 'mrkdwn', text } }],
    };
  }
  const n = Math.min(p.total, p.cap);
  const capped =
    p.total > p.cap
      ? ` (the ${formatCount(p.cap)} longest idle of ${formatCount(p.total)}; ask again for the rest)`
      : '';
  const heading = `*${formatCount(n)} member${n === 1 ? '' : 's'} idle for ${p.days}+ days would get a DM*${capped} asking whether they still need their Docker Business seat in ${mrkdwnSafe(p.org, 60)}. Owners, exempt members and those who joined in the last ${p.graceDays} days are never asked.`;
  const lines = p.members
    .slice(0, 20)
    .map(
      (m) =>
        `• *${mrkdwnSafe(m.username, 80)}*${m.teams.length ? ` · ${mrkdwnSafe(m.teams.join(', '), 60)}` : ''} · idle since ${day(m.idleSince)}`,
    );
  if (p.members.length > 20) lines.push(`…and ${formatCount(n - 20)} more`);
  const button: Button = {
    type: 'button',
    action_id: SEAT_ACTIONS.ask,
    text: { type: 'plain_text', text: plainCut(`Ask ${formatCount(n)} member${n === 1 ? '' : 's'}`, 75) },
    value: String(p.days),
    style: 'primary',
    confirm: {
      title: { type: 'plain_text', text: 'Ask idle members?' },
      text: {
        type: 'mrkdwn',
        text: plainCut(
          `Send a DM to ${formatCount(n)} member${n === 1 ? '' : 's'} idle for ${p.days}+ days, asking whether they still need their seat in ${p.org}? One reminder follows if they do not answer.`,
          CONFIRM_MAX,
        ),
      },
      confirm: { type: 'plain_text', text: 'Send the DMs' },
      deny: { type: 'plain_text', text: 'Cancel' },
    },
  };
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: heading } }, ...lineSections(lines), {
    type: 'actions',
    elements: [button],
  });
  return { text: fallbackText(`${formatCount(n)} idle members would be asked about their seat.`), blocks };
}

/** The DM to a member (and its one reminder): Keep my seat / Release it. */
export function askDmMessage(a: {
  id: number;
  org: string;
  idleSince: Date | null;
  reminder: boolean;
}): SlackMessage {
  const since = a.idleSince ? ` since ${day(a.idleSince)}` : '';
  const question = `You haven't used Docker Desktop or signed in to Docker${since}. Do you still need your Docker Business seat in ${a.org}?`;
  const text = a.reminder ? `Reminder: ${question}` : question;
  const value = String(a.id);
  return {
    text: fallbackText(text),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: mrkdwnSafe(text, 2900) } },
      {
        type: 'actions',
        block_id: `seat_ask:${a.id}`,
        elements: [
          {
            type: 'button',
            action_id: SEAT_ACTIONS.keep,
            text: { type: 'plain_text', text: 'Keep my seat' },
            value,
            style: 'primary',
          },
          {
            type: 'button',
            action_id: SEAT_ACTIONS.release,
            text: { type: 'plain_text', text: 'Release it' },
            value,
          },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Your Docker organization admins asked Insights to check which seats are still used.',
          },
        ],
      },
    ],
  };
}

/** The DM once answered: the buttons are gone, the answer acknowledged. */
export function answeredDmMessage(org: string, answer: 'kept' | 'released'): SlackMessage {
  const text =
    answer === 'kept'
      ? `Thanks — you keep your Docker Business seat in ${org}. Nobody will ask you again for 30 days.`
      : `Thanks — you released your Docker Business seat in ${org}. An admin will remove you from the organization; if that was a mistake, tell an Insights admin before then.`;
  return {
    text: fallbackText(text),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: ${mrkdwnSafe(text, 2900)}` } },
    ],
  };
}

/** After the asks went out (ephemeral, to the admin who confirmed). */
export function askResultText(r: {
  asked: string[];
  notFound: string[];
  stopped?: { at: string; reason: string };
}): string {
  const lines = [
    `Asked ${formatCount(r.asked.length)} member${r.asked.length === 1 ? '' : 's'} by DM; one reminder follows for anyone who does not answer. \`/insights seats reclaim\` shows the answers.`,
  ];
  if (r.notFound.length > 0)
    lines.push(
      `${formatCount(r.notFound.length)} have no Slack account with their Docker email that I can DM, so I could not ask them: ${names(r.notFound.map((username) => ({ username })))}. Ask them another way.`,
    );
  if (r.stopped)
    lines.push(
      `:warning: I stopped before asking *${mrkdwnSafe(r.stopped.at, 100)}* and the rest: Slack answered \`${mrkdwnSafe(r.stopped.reason, 200)}\`. Press the button of \`/insights seats ask\` again in a minute: nobody already asked is asked twice.`,
    );
  return lines.join('\n');
}

/** `/insights seats reclaim` (ephemeral, admins). */
export function reviewMessage<A extends ReviewedAsk>(
  r: SeatReview<A>,
  o: { org: string; answerDays: number; reclaim: boolean; demo: boolean; cap: number },
): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainCut(`Reclaiming seats — ${o.org}`, 150) } },
  ];
  if (o.demo) blocks.push(demoNoticeBlock());
  const lines = [
    `:outbox_tray: *Released* (${formatCount(r.released.length)}): ${names(r.released)}`,
    `:hourglass: *No answer within ${o.answerDays} days* (${formatCount(r.unanswered.length)}): ${names(r.unanswered)}`,
    `:raised_hand: *Kept* (${formatCount(r.kept.length)}): ${names(r.kept)}`,
    `:speech_balloon: *Still waiting for an answer* (${formatCount(r.waiting.length)}): ${names(r.waiting)}`,
    `:grey_question: *Not in Slack, not asked* (${formatCount(r.notFound.length)}): ${names(r.notFound)}`,
  ];
  if (r.skipped.length > 0) {
    lines.push(
      `:no_entry_sign: *Not removed*: ${r.skipped
        .slice(0, 30)
        .map((s) => `*${mrkdwnSafe(s.ask.username, 80)}* (${s.reason})`)
        .join(', ')}`,
    );
  }
  blocks.push(...lineSections(lines));
  const take = r.removable.slice(0, o.cap);
  if (take.length === 0) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Nobody to remove now. `/insights seats ask 60d` asks idle members.' },
      ],
    });
  } else if (!o.reclaim) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Removal from Slack is off: the operator sets SEATS_RECLAIM=on to get a remove button here; or remove ${formatCount(take.length)} member${take.length === 1 ? '' : 's'} in the Admin Console.`,
        },
      ],
    });
  } else {
    const label = `Remove ${formatCount(take.length)} member${take.length === 1 ? '' : 's'} from ${o.org}`;
    const intro = `Remove them from ${o.org} through Docker's API? `;
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: SEAT_ACTIONS.remove,
          text: { type: 'plain_text', text: plainCut(label, 75) },
          value: take.map((a) => a.id).join(','),
          style: 'danger',
          confirm: {
            title: {
              type: 'plain_text',
              text: plainCut(`Remove ${take.length} member${take.length === 1 ? '' : 's'}?`, 100),
            },
            text: {
              type: 'mrkdwn',
              text: `${intro}${confirmList(
                take.map((a) => a.username),
                CONFIRM_MAX - intro.length - 2,
              )}.`,
            },
            confirm: { type: 'plain_text', text: 'Remove' },
            deny: { type: 'plain_text', text: 'Cancel' },
            style: 'danger',
          },
        },
      ],
    });
  }
  const text = `${o.org}: ${r.released.length} released, ${r.unanswered.length} unanswered, ${r.kept.length} kept, ${r.waiting.length} waiting.`;
  return { text: fallbackText(text), blocks };
}

import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ReviewedAsk, SeatReview } from '../domain/seat-reclaim.js';
import type { IdleMember } from '../domain/seat-records.js';
import { seatSummary } from '../domain/seat-summary.js';
import { EMPTY_COUNTS } from '../domain/seats.js';
import { buildSeatsChart } from '../domain/seats-chart.js';
import {
  askDmMessage,
  askPreviewMessage,
  confirmList,
  reviewMessage,
  SEAT_ACTIONS,
} from './seat-reclaim-blocks.js';
import { seatReportMessage } from './seat-report-blocks.js';
import { idleListMessage, seatsMessage } from './seats-blocks.js';
import { blockTextLength } from './slack-text.js';

const HOSTILE = '<!channel> *bold* `code` & <https://evil.example|click>';
const counts = {
  ...EMPTY_COUNTS,
  members: 236,
  invites: 6,
  active: 150,
  idle30: 30,
  idle60: 15,
  idle90: 20,
  neverActive: 11,
  newMembers: 6,
  exempt: 4,
  guests: 9,
};
const summary = seatSummary('acme', counts, { purchased: 250, pricePerMonth: 24, graceDays: 30 });
const idle: IdleMember[] = Array.from({ length: 20 }, (_, i) => ({
  username: `${HOSTILE}${i}`,
  name: HOSTILE,
  teams: [HOSTILE, 'x'.repeat(300)],
  role: 'Member',
  status: 'idle',
  activity: { at: '2026-08-01T00:00:00.000Z', kind: 'desktop' },
  idleDays: 112,
  dateJoined: '2024-01-01T00:00:00.000Z',
}));

/** Slack's limits (docs/slack-platform.md §6), and no live mention or link from a member's name. */
function withinLimits(blocks: KnownBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(50);
  expect(blockTextLength(blocks)).toBeLessThan(12_000);
  for (const b of blocks) {
    if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    if (b.type === 'section' && b.fields) expect(b.fields.length).toBeLessThanOrEqual(10);
  }
  const text = JSON.stringify(blocks);
  expect(text).not.toContain('<!channel>');
  expect(text).not.toContain('<https://evil.example');
}

describe('seat messages', () => {
  it('keep the counts message and the idle list within Slack’s limits, names escaped', () => {
    const view = buildSeatsChart({
      org: 'acme',
      period: '1m',
      today: '2026-11-21',
      counts,
      history: [],
      settings: { purchased: 250, pricePerMonth: 24 },
      demo: false,
    });
    const message = seatsMessage(summary, view, 'U0ME');
    withinLimits(message.blocks);
    expect(JSON.stringify(message.blocks)).toContain('242 of 250 seats used (96.8%), 8 free');
    const list = idleListMessage(idle, 76, 'acme');
    withinLimits(list.blocks);
    expect(JSON.stringify(list.blocks)).toContain('The other 56: `/insights export seats`.');
  });

  it('keep the seat report within limits, with names only when given', () => {
    const base = { org: 'acme', cadence: 'weekly' as const, day: '2026-11-23', summary, demo: true };
    const named = seatReportMessage({
      ...base,
      baseline: { day: '2026-11-16', used: 238, purchased: 250, idle: 80 },
      idle,
    });
    withinLimits(named.blocks);
    expect(named.text).toContain(
      'Since 2026-11-16: utilization +1.6 pts (238 → 242 of 250 used), idle seats −4 (now 76).',
    );
    const counted = seatReportMessage({ ...base, baseline: null, idle: null });
    expect(JSON.stringify(counted.blocks)).not.toContain(HOSTILE.slice(0, 5));
    expect(JSON.stringify(counted.blocks)).toContain('Names stay with admins');
  });

  it('keep the ask preview, the DM and the review within limits; the confirm dialog fits 300 characters', () => {
    const preview = askPreviewMessage({
      days: 60,
      members: idle.map((m) => ({ ...m, idleSince: m.activity?.at ?? null })),
      total: 340,
      cap: 100,
      graceDays: 30,
      org: 'acme',
      demo: false,
    });
    withinLimits(preview.blocks);
    expect(JSON.stringify(preview.blocks)).toContain('(the 100 longest idle of 340; ask again for the rest)');
    const dm = askDmMessage({
      id: 7,
      org: 'acme',
      idleSince: new Date('2026-08-01T00:00:00Z'),
      reminder: false,
    });
    expect(JSON.stringify(dm.blocks)).toContain(`"action_id":"${SEAT_ACTIONS.release}"`);
    const asks: ReviewedAsk[] = Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      username: `member-with-a-long-name-${i}`,
      state: i % 2 ? 'released' : 'asked',
      askedAt: new Date('2026-11-01T00:00:00Z'),
      answeredAt: null,
      idleSince: new Date('2026-08-01T00:00:00Z'),
      member: true,
      role: 'Member',
      status: 'idle',
      lastActivity: new Date('2026-08-01T00:00:00Z'),
    }));
    const review: SeatReview = {
      released: asks.filter((a) => a.state === 'released'),
      kept: [],
      unanswered: asks.filter((a) => a.state === 'asked'),
      waiting: [],
      notFound: [],
      removable: asks,
      skipped: [],
    };
    const message = reviewMessage(review, {
      org: 'acme',
      answerDays: 7,
      reclaim: true,
      demo: false,
      cap: 100,
    });
    withinLimits(message.blocks);
    const button = (
      message.blocks.find((b) => b.type === 'actions') as {
        elements: Array<{ value: string; confirm: { text: { text: string } } }>;
      }
    ).elements[0];
    expect(button?.value.split(',')).toHaveLength(100);
    expect(button?.confirm.text.text.length).toBeLessThanOrEqual(300);
    expect(button?.confirm.text.text).toMatch(/ and \d+ more\.$/);
    expect(confirmList(['a', 'b', 'c'], 100)).toBe('a, b, c');
  });
});

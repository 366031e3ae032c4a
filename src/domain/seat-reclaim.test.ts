import { describe, expect, it } from 'vitest';
import { type ReviewedAsk, removalBlocker, reviewAsks } from './seat-reclaim.js';

const NOW = new Date('2026-12-01T08:00:00Z');
const ask = (username: string, a: Partial<ReviewedAsk>): ReviewedAsk => ({
  id: username.length,
  username,
  state: 'asked',
  askedAt: new Date('2026-11-21T08:00:00Z'),
  answeredAt: null,
  idleSince: new Date('2026-08-01T00:00:00Z'),
  member: true,
  role: 'Member',
  status: 'idle',
  lastActivity: new Date('2026-08-01T00:00:00Z'),
  ...a,
});

describe('the reclaim review', () => {
  it('never removes an owner, an exempt member, someone active again or someone who left', () => {
    expect(removalBlocker(ask('a', { role: 'Owner' }))).toBe('an owner');
    expect(removalBlocker(ask('a', { status: 'exempt' }))).toBe('exempt');
    expect(removalBlocker(ask('a', { lastActivity: new Date('2026-11-25T00:00:00Z') }))).toBe(
      'active again since asked',
    );
    expect(
      removalBlocker(ask('a', { idleSince: null, lastActivity: new Date('2026-11-25T00:00:00Z') })),
    ).toBe('active again since asked');
    expect(removalBlocker(ask('a', { member: false, status: null }))).toBe('no longer a member');
    expect(removalBlocker(ask('a', {}))).toBeNull();
  });

  it('sorts the asks by answer; unanswered only after SEATS_ANSWER_DAYS, at once with 0', () => {
    const asks = [
      ask('rel', { state: 'released' }),
      ask('kept', { state: 'kept' }),
      ask('late', { askedAt: new Date('2026-11-24T08:00:01Z') }),
      ask('due', {}),
      ask('owner', { state: 'released', role: 'owner' }),
      ask('nf', { state: 'not_found' }),
    ];
    const r = reviewAsks(asks, NOW, 7);
    expect(r.removable.map((a) => a.username)).toEqual(['rel', 'due']);
    expect(r.waiting.map((a) => a.username)).toEqual(['late']);
    expect(r.skipped).toEqual([{ ask: asks[4], reason: 'an owner' }]);
    expect(r.kept.map((a) => a.username)).toEqual(['kept']);
    expect(r.notFound.map((a) => a.username)).toEqual(['nf']);
    expect(reviewAsks(asks, NOW, 0).removable.map((a) => a.username)).toEqual(['rel', 'late', 'due']);
  });
});

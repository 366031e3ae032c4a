import { describe, expect, it } from 'vitest';
import { DEFAULT_SEAT_SETTINGS } from '../domain/seat-settings.js';
import { countSeats, idleSeats, usedSeats } from '../domain/seats.js';
import { demoSeatHistory, demoSeatSettings } from './demo-seats.js';
import { createDemoSource } from './demo-source.js';

const NOW = new Date('2026-11-21T08:00:00Z');

describe('the demo organization’s seats', () => {
  it('are bought a little above its members at the list price, unless configured', () => {
    expect(demoSeatSettings(DEFAULT_SEAT_SETTINGS, 250)).toMatchObject({ purchased: 265, pricePerMonth: 24 });
    expect(
      demoSeatSettings({ ...DEFAULT_SEAT_SETTINGS, purchased: 300, pricePerMonth: 21 }, 250),
    ).toMatchObject({
      purchased: 300,
      pricePerMonth: 21,
    });
  });

  it('have 90 days of history that ends where today’s counts are, the idle tail growing toward today', async () => {
    const source = createDemoSource({ members: 250 });
    const { members } = await source.load({ from: '2026-11-20', to: '2026-11-20' }, NOW);
    const settings = demoSeatSettings(DEFAULT_SEAT_SETTINGS, 250);
    const history = demoSeatHistory(members, settings, NOW, 90);
    expect(history).toHaveLength(90);
    expect(history[0]?.day).toBe('2026-08-23');
    expect(history.at(-1)?.day).toBe('2026-11-20');
    const today = countSeats(members, settings, NOW);
    const yesterday = history.at(-1)?.counts ?? today;
    expect(Math.abs(usedSeats(yesterday) - usedSeats(today))).toBeLessThanOrEqual(3);
    expect(idleSeats(history[0]?.counts ?? today)).toBeLessThanOrEqual(idleSeats(today));
    // Members who joined in the last 90 days were not there at its start.
    expect(history[0]?.counts.members).toBeLessThan(today.members);
    // Same seed, same figures.
    expect(demoSeatHistory(members, settings, NOW, 90)).toEqual(history);
  });
});

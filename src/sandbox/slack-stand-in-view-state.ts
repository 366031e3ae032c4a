/**
 * The views part of the Slack stand-in's state: each user's Home tab (views.publish), the modals
 * (views.open), and the trigger_ids interactions carry, which views.open exchanges once within 3 s.
 */
import { randomBytes } from 'node:crypto';
import type { StandInView } from './slack-stand-in-types.js';

/** Slack's trigger_id lives about 3 s (docs/slack-platform.md §7.2). */
const TRIGGER_TTL_MS = 3000;

export type TriggerUse = { user: string } | 'invalid' | 'expired' | 'exchanged';

export class StandInViews {
  readonly homeViews = new Map<string, StandInView>();
  readonly modals: StandInView[] = [];
  private readonly triggers = new Map<string, { user: string; at: number; used: boolean }>();

  constructor(
    private readonly now: () => number,
    private readonly emit: (view: StandInView) => void,
  ) {}

  put(view: StandInView): void {
    if (view.type === 'home') this.homeViews.set(view.user, view);
    else if (!this.modals.includes(view)) this.modals.push(view);
    this.emit(view);
  }

  /** `132456.7890123.abcdef`, the shape Slack documents for views.open. */
  issueTrigger(user: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${randomBytes(4).readUInt32BE(0)}.${randomBytes(8).toString('hex')}`;
    this.triggers.set(id, { user, at: this.now(), used: false });
    return id;
  }

  takeTrigger(triggerId: string): TriggerUse {
    const trigger = this.triggers.get(triggerId);
    if (!trigger) return 'invalid';
    if (trigger.used) return 'exchanged';
    trigger.used = true;
    if (this.now() - trigger.at > TRIGGER_TTL_MS) return 'expired';
    return { user: trigger.user };
  }

  /** False when there is no such open modal. */
  close(id: string): boolean {
    const modal = this.modals.find((m) => m.id === id);
    if (!modal || modal.closed) return false;
    modal.closed = true;
    this.emit(modal);
    return true;
  }

  reset(): void {
    this.homeViews.clear();
    this.modals.length = 0;
    this.triggers.clear();
  }
}

/**
 * The Home tab's use case: a user's view (src/domain/home.ts) from the store and the source, and the
 * headline's one combined image. The headline figures and the image depend only on the data day, so they
 * are built once per data day and shared by every user (single-flight: twenty users opening the tab at
 * once wait for the same render). The per-user parts (visit, alerts, subscriptions, sources) are read fresh.
 */
import { buildDigest, DEFAULT_DIGEST_PERIOD, type Digest, digestRange } from '../domain/digest.js';
import { buildHomeView, HOME_RECENT_VISIT_MS, type HomeSeats, type HomeView } from '../domain/home.js';
import type { InsightsSource } from '../domain/insights.js';
import type { Logger } from '../logger.js';
import type { Queryable } from '../store/db.js';
import { createHomeVisitsRepo } from '../store/home-visits-repo.js';
import type { AlertEngine } from './alert-engine.js';
import type { SeatReclaim } from './seat-reclaim.js';
import type { Seats } from './seats.js';
import type { Status } from './status.js';
import type { Subscriptions } from './subscriptions.js';

/** The headline image of one data day, as uploaded to Slack. */
export interface HomeImagePng {
  /** Changes with the data day (and the organization): the upload is reused while it stays the same. */
  key: string;
  png: Buffer;
  filename: string;
  title: string;
  altText: string;
}

export interface Home {
  /** A user opened the tab: the visit is counted (the first one gets the onboarding), then their view. */
  opened(user: string, isAdmin: boolean, now: Date): Promise<HomeView>;
  /** The user's view without counting a visit: after a button press, or when alerts changed. */
  view(user: string, isAdmin: boolean, now: Date, notice?: string): Promise<HomeView>;
  /** The headline image for the latest data day, rendered once per data day; null without data. */
  image(now: Date): Promise<HomeImagePng | null>;
  /** Users who opened the tab lately, the most recent first (whose views go stale when alerts change). */
  recentVisitors(now: Date, limit?: number): Promise<string[]>;
}

export interface HomeDeps {
  db: Queryable;
  source: InsightsSource;
  alerts: Pick<AlertEngine, 'open'>;
  subscriptions: Pick<Subscriptions, 'list'>;
  status: Pick<Status, 'view'>;
  /** Draws the combined image (the render worker pool). */
  renderDigest: (digest: Digest) => Promise<Buffer>;
  logger: Logger;
  /** The seats line (and, for admins, how reclaiming stands); none without. */
  seats?: Pick<Seats, 'summary'>;
  reclaim?: Pick<SeatReclaim, 'review'>;
}

/** Seat use for everyone, how reclaiming stands for admins; a failure leaves the line out, not the tab. */
async function homeSeats(deps: HomeDeps, isAdmin: boolean, now: Date): Promise<HomeSeats | null> {
  if (!deps.seats) return null;
  try {
    const s = await deps.seats.summary(now);
    const line: HomeSeats = { used: s.used, purchased: s.purchased, idle: s.idle, invites: s.counts.invites };
    if (!isAdmin || !deps.reclaim) return line;
    const r = await deps.reclaim.review(now);
    const reclaim = {
      waiting: r.waiting.length,
      released: r.released.length,
      unanswered: r.unanswered.length,
      kept: r.kept.length,
      notFound: r.notFound.length,
    };
    return { ...line, reclaim };
  } catch (err) {
    deps.logger.warn({ err }, 'home: seats left out');
    return null;
  }
}

/**
 * One value per data day: every caller of the same day gets the same promise (a render runs once, also
 * when twenty users open the tab at the same moment); a failure is forgotten, so the next call retries.
 */
function perDataDay<T>(): (day: string, build: () => Promise<T>) => Promise<T> {
  let entry: { day: string; value: Promise<T> } | null = null;
  return (day, build) => {
    if (entry?.day === day) return entry.value;
    const mine = { day, value: build() };
    entry = mine;
    mine.value.catch(() => {
      if (entry === mine) entry = null;
    });
    return mine.value;
  };
}

export function createHome(deps: HomeDeps): Home {
  const visits = createHomeVisitsRepo(deps.db);
  const headlines = perDataDay<Digest>();
  const images = perDataDay<HomeImagePng>();

  const headlineOf = (day: string, now: Date) =>
    headlines(day, async () => {
      const data = await deps.source.load(digestRange(DEFAULT_DIGEST_PERIOD, day), now);
      return buildDigest(data, {
        period: DEFAULT_DIGEST_PERIOD,
        openAlerts: 0,
        demo: deps.source.kind === 'demo',
        withAlerts: false,
      });
    });

  async function build(user: string, isAdmin: boolean, firstVisit: boolean, now: Date, notice?: string) {
    const day = await deps.source.dataAsOf(now);
    const [digest, alerts, subscriptions, status, seats] = await Promise.all([
      day ? headlineOf(day, now) : Promise.resolve(null),
      deps.alerts.open(),
      deps.subscriptions.list(undefined, { withPaused: true }),
      deps.status.view(),
      homeSeats(deps, isAdmin, now),
    ]);
    return buildHomeView({
      user,
      isAdmin,
      firstVisit,
      org: deps.source.org,
      demo: deps.source.kind === 'demo',
      headline: digest,
      alerts,
      subscriptions,
      status,
      seats,
      at: now,
      ...(notice ? { notice } : {}),
    });
  }

  return {
    async opened(user, isAdmin, now) {
      const visit = await visits.record(user, now);
      return build(user, isAdmin, visit.visits <= 1, now);
    },
    async view(user, isAdmin, now, notice) {
      const visit = await visits.get(user);
      return build(user, isAdmin, (visit?.visits ?? 0) <= 1, now, notice);
    },
    async image(now) {
      const day = await deps.source.dataAsOf(now);
      if (!day) return null;
      return images(day, async () => {
        const digest = await headlineOf(day, now);
        const started = performance.now();
        const png = await deps.renderDigest(digest);
        deps.logger.info(
          { dataDay: day, ms: Math.round(performance.now() - started), bytes: png.length },
          'home image rendered',
        );
        return {
          key: `${digest.org}:${day}`,
          png,
          filename: `${digest.org}-home-${day}.png`,
          title: digest.demo
            ? `Demo data · ${digest.org} at a glance, ${day}`
            : `${digest.org} at a glance, ${day}`,
          altText: digest.summary.slice(0, 1000),
        };
      });
    },
    recentVisitors: (now, limit = 100) =>
      visits.recent(new Date(now.getTime() - HOME_RECENT_VISIT_MS), limit),
  };
}

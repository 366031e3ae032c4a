import type { Slice } from './chart-data.js';
import { formatCount } from './format.js';
import type { Graph } from './insights.js';

/** A figure before it becomes a `Figure`: with its number (for comparisons) and its summary phrase. */
export interface RawFigure {
  label: string;
  value: string;
  amount?: number;
  phrase: string;
  /** From today's member list, not from daily points: no period-over-period change. */
  snapshot?: boolean;
  /** `amount` is a percentage (0–100): its change is in percentage points, not relative. */
  percent?: boolean;
}

/** Figures no configured source provides, and what would provide them. */
export interface Gap {
  what: string;
  provider: string;
}

export interface ChartParts {
  figures: RawFigure[];
  graphs: Graph[];
  gaps: Gap[];
}

export const PROVIDER = {
  snapshot: 'an Insights snapshot import (`insights-bot import <file> --kind insights`)',
  pulls: 'the Enterprise Data API usage_pulls report (set DOCKER_ORG and DOCKER_TOKEN)',
  pushes: 'the activity log (repo.tag.push)',
  members: 'the Hub members API or a Docker Desktop users CSV import',
} as const;

export interface FigureOptions {
  /** Count active users from daily points only (for period-over-period comparisons). */
  pointsOnly?: boolean;
}

export type Builder = (slice: Slice, options: FigureOptions) => ChartParts;

export const graph = (kind: Graph['kind'], title: string, yLabel: string): Graph => ({
  kind,
  title,
  labels: [],
  series: [],
  yLabel,
});

export const count = (label: string, n: number, phrase: (v: string) => string): RawFigure => {
  const value = formatCount(n);
  return { label, value, amount: n, phrase: phrase(value) };
};

export const hasMembers = (slice: Slice) => slice.data.members.length > 0;

/** Newest first by dotted version number (`4.53.0` before `4.9.1`); otherwise text order. */
export function compareVersionsDesc(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}

import {
  keyDaily,
  mostCommonAmongSeen,
  provides,
  type Slice,
  sum,
  total,
  totalsByKey,
} from './chart-data.js';
import { type ChartParts, compareVersionsDesc, count, graph, hasMembers, PROVIDER } from './chart-parts.js';
import { formatPercent } from './format.js';

/** Versions drawn on their own; the rest are summed into "Other". */
const VERSIONS_SHOWN = 5;
/** The newest versions are always among them, however few run them yet: that is what an admin watches. */
const NEWEST_SHOWN = 2;

/** The versions to draw, newest first: the newest two, then the most used, five in all. */
export function shownVersions(totals: Array<[string, number]>): string[] {
  const used = totals.filter(([, n]) => n > 0).map(([v]) => v);
  const newest = [...used].sort(compareVersionsDesc).slice(0, NEWEST_SHOWN);
  const shown = new Set(newest);
  for (const v of used) {
    if (shown.size >= VERSIONS_SHOWN) break;
    shown.add(v);
  }
  return [...shown].sort(compareVersionsDesc);
}

/** The usage, images and extensions charts. */
export function usage(slice: Slice): ChartParts {
  const parts: ChartParts = { figures: [], graphs: [], gaps: [] };
  const versionsGraph = graph('stacked-bar', 'Active users per version', 'Active users');
  // A user can use both the CLI and the GUI, so the interfaces are lines, not stacked.
  const interfaces = graph('line', 'Active users per interface', 'Active users');
  parts.graphs.push(versionsGraph, interfaces);
  const versions = provides(slice, 'version_users') ? totalsByKey(slice, 'version_users') : [];
  const topVersion =
    versions[0]?.[0] ?? (hasMembers(slice) ? mostCommonAmongSeen(slice, 'lastDesktopVersion') : undefined);
  if (topVersion) {
    parts.figures.push({
      label: 'Most used version',
      value: topVersion,
      phrase: `most used version ${topVersion}`,
    });
  }
  if (provides(slice, 'os_users')) {
    const os = totalsByKey(slice, 'os_users')[0]?.[0];
    if (os) parts.figures.push({ label: 'Most used OS', value: os, phrase: `most used OS ${os}` });
  } else {
    parts.gaps.push({ what: 'the most used OS', provider: PROVIDER.snapshot });
  }
  if (provides(slice, 'version_users')) {
    const top = shownVersions(versions);
    versionsGraph.labels = slice.days;
    versionsGraph.colorByName = true;
    versionsGraph.series = top.map((v) => ({ name: v, values: keyDaily(slice, 'version_users', v) }));
    const others = versions
      .filter(([v]) => !top.includes(v))
      .map(([v]) => keyDaily(slice, 'version_users', v));
    if (others.length > 0) {
      versionsGraph.series.push({
        name: 'Other',
        values: slice.days.map((_, i) => sum(others.map((o) => o[i] ?? 0))),
      });
    }
  } else {
    parts.gaps.push({
      what: topVersion ? 'active users per version' : 'versions',
      provider: PROVIDER.snapshot,
    });
  }
  if (provides(slice, 'interface_users')) {
    interfaces.labels = slice.days;
    interfaces.series = [
      { name: 'CLI', values: keyDaily(slice, 'interface_users', 'cli') },
      { name: 'GUI', values: keyDaily(slice, 'interface_users', 'gui') },
    ];
  } else {
    parts.gaps.push({ what: 'active users per interface', provider: PROVIDER.snapshot });
  }
  return parts;
}

export function images(slice: Slice): ChartParts {
  const parts: ChartParts = { figures: [], graphs: [], gaps: [] };
  const top = graph('horizontal-bar', 'Top 10 pulled images', 'Pulls');
  parts.graphs.push(top);
  if (provides(slice, 'pulls')) {
    parts.figures.push(count('Pulled', total(slice, 'pulls'), (v) => `${v} pulled`));
    const ranked = totalsByKey(slice, 'pulls')
      .filter(([, n]) => n > 0)
      .slice(0, 10);
    top.labels = ranked.map(([image]) => image);
    top.series = [{ name: 'Pulls', values: ranked.map(([, n]) => n) }];
  } else {
    parts.gaps.push({ what: 'pulled images', provider: PROVIDER.pulls });
  }
  if (provides(slice, 'pushes')) {
    parts.figures.push(count('Pushed', total(slice, 'pushes'), (v) => `${v} pushed`));
  } else {
    parts.gaps.push({ what: 'pushed images', provider: PROVIDER.pushes });
  }
  return parts;
}

export function extensions(slice: Slice): ChartParts {
  const parts: ChartParts = { figures: [], graphs: [], gaps: [] };
  const days = Math.max(1, slice.days.length);
  // Average daily users: a fair measure over a period where weekends are quiet.
  const top = graph('horizontal-bar', 'Top 5 extensions (average daily users)', 'Average daily users');
  parts.graphs.push(top);
  if (!provides(slice, 'extension_any_users')) {
    parts.gaps.push({ what: 'the share of the org with an extension', provider: PROVIDER.snapshot });
  } else if (!hasMembers(slice)) {
    parts.gaps.push({ what: 'the share of the org with an extension', provider: PROVIDER.members });
  } else {
    const share = total(slice, 'extension_any_users') / days / slice.data.members.length;
    const value = formatPercent(share);
    parts.figures.push({
      label: 'Org with an extension',
      value,
      amount: share * 100,
      percent: true,
      phrase: `${value} of the org with an extension`,
    });
  }
  if (!provides(slice, 'extension_users')) {
    parts.gaps.push({ what: 'the top extensions', provider: PROVIDER.snapshot });
    return parts;
  }
  const ranked = totalsByKey(slice, 'extension_users')
    .filter(([, n]) => n > 0)
    .slice(0, 5);
  const first = ranked[0]?.[0];
  if (first) parts.figures.push({ label: 'Top extension', value: first, phrase: `top extension ${first}` });
  top.labels = ranked.map(([name]) => name);
  top.series = [
    { name: 'Average daily users', values: ranked.map(([, n]) => Math.round((n / days) * 10) / 10) },
  ];
  return parts;
}

import { activeUsers, daily, provides, type Slice, sum, total } from './chart-data.js';
import { type ChartParts, count, type FigureOptions, graph, hasMembers, PROVIDER } from './chart-parts.js';
import { formatDecimal, formatDuration, formatPercent } from './format.js';

/** The users, builds and containers charts. */
export function users(slice: Slice, options: FigureOptions): ChartParts {
  const parts: ChartParts = { figures: [], graphs: [], gaps: [] };
  const active = activeUsers(slice, options.pointsOnly);
  if (active === undefined) parts.gaps.push({ what: 'active users', provider: PROVIDER.members });
  else parts.figures.push(count('Active users', active, (v) => `${v} active users`));
  if (hasMembers(slice)) {
    const members = slice.data.members;
    parts.figures.push({
      ...count('Organization members', members.length, (v) => `${v} members`),
      snapshot: true,
    });
    const optedOut = members.filter((m) => m.optedOutAnalytics).length;
    parts.figures.push({
      ...count('Opted out of analytics', optedOut, (v) => `${v} opted out of analytics`),
      snapshot: true,
    });
  } else {
    parts.gaps.push({ what: 'organization members and opt-outs', provider: PROVIDER.members });
  }
  const perDay = graph('line', 'Active users per day', 'Active users');
  if (provides(slice, 'active_users')) {
    perDay.labels = slice.days;
    perDay.series = [{ name: 'Active users', values: daily(slice, 'active_users') }];
  } else {
    parts.gaps.push({ what: 'active users per day', provider: PROVIDER.snapshot });
  }
  parts.graphs.push(perDay);
  return parts;
}

export function builds(slice: Slice, options: FigureOptions): ChartParts {
  const parts: ChartParts = { figures: [], graphs: [], gaps: [] };
  const perDay = graph('stacked-bar', 'Builds per day', 'Builds');
  parts.graphs.push(perDay);
  if (!provides(slice, 'builds_succeeded', 'builds_failed')) {
    for (const what of [
      'builds per active user',
      'average build time',
      'build success rate',
      'builds per day',
    ]) {
      parts.gaps.push({ what, provider: PROVIDER.snapshot });
    }
    return parts;
  }
  const succeeded = daily(slice, 'builds_succeeded');
  const failed = daily(slice, 'builds_failed');
  const all = sum(succeeded) + sum(failed);
  const active = activeUsers(slice, options.pointsOnly);
  if (active === undefined) parts.gaps.push({ what: 'builds per active user', provider: PROVIDER.members });
  else {
    const perUser = active > 0 ? all / active : 0;
    const value = formatDecimal(perUser);
    parts.figures.push({
      label: 'Builds per active user',
      value,
      amount: perUser,
      phrase: `${value} builds per active user`,
    });
  }
  if (!provides(slice, 'build_seconds')) {
    parts.gaps.push({ what: 'average build time', provider: PROVIDER.snapshot });
  } else if (all > 0) {
    const seconds = total(slice, 'build_seconds') / all;
    const value = formatDuration(seconds);
    parts.figures.push({
      label: 'Average build time',
      value,
      amount: seconds,
      phrase: `${value} average build`,
    });
  }
  if (all > 0) {
    const rate = sum(succeeded) / all;
    const value = formatPercent(rate);
    parts.figures.push({
      label: 'Build success rate',
      value,
      amount: rate * 100,
      percent: true,
      phrase: `${value} succeeded`,
    });
  }
  perDay.labels = slice.days;
  perDay.series = [
    { name: 'Succeeded', values: succeeded },
    { name: 'Failed', values: failed },
  ];
  return parts;
}

export function containers(slice: Slice, options: FigureOptions): ChartParts {
  const parts: ChartParts = { figures: [], graphs: [], gaps: [] };
  const perDay = graph('bar', 'Containers run per day', 'Containers');
  parts.graphs.push(perDay);
  if (!provides(slice, 'containers')) {
    for (const what of ['containers run', 'containers per active user']) {
      parts.gaps.push({ what, provider: PROVIDER.snapshot });
    }
    return parts;
  }
  const values = daily(slice, 'containers');
  const all = sum(values);
  parts.figures.push(count('Containers run', all, (v) => `${v} containers run`));
  const active = activeUsers(slice, options.pointsOnly);
  if (active === undefined)
    parts.gaps.push({ what: 'containers per active user', provider: PROVIDER.members });
  else {
    const perUser = active > 0 ? all / active : 0;
    const value = formatDecimal(perUser);
    parts.figures.push({
      label: 'Per active user',
      value,
      amount: perUser,
      phrase: `${value} per active user`,
    });
  }
  perDay.labels = slice.days;
  perDay.series = [{ name: 'Containers', values }];
  return parts;
}

import type { MetricPoint } from '../domain/insights.js';
import type { Row } from './csv.js';

export const PULLS_COLUMNS = ['Date', 'Image', 'Pulls'] as const;

/** Image pulls per UTC day and image, by day then image; a day an image was not pulled has no row. */
export function pullRows(points: readonly MetricPoint[]): Row[] {
  return points
    .filter((p) => p.metric === 'pulls' && p.value > 0)
    .sort((a, b) => (a.day === b.day ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.day < b.day ? -1 : 1))
    .map((p) => [p.day, p.key, p.value]);
}

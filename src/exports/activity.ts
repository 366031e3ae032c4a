import type { ActivityEvent } from '../domain/activity-event.js';
import { isoSeconds, type Row } from './csv.js';

/** The organization's activity (audit) log, oldest first. */
export const ACTIVITY_COLUMNS = ['Date', 'Action', 'Actor', 'Object', 'Description', 'Details'] as const;

/** Details: the event's data as compact JSON (`{"tag":"latest"}`), empty when it has none. */
export function activityRow(e: ActivityEvent): Row {
  const details = Object.keys(e.data).length > 0 ? JSON.stringify(e.data) : '';
  return [isoSeconds(e.at), e.action, e.actor, e.name, e.description, details];
}

/** Rows from pages of events (the repository's search), one page in memory at a time. */
/** The rows of the events, a page at a time as the store reads them. */
export async function* activityRows(pages: AsyncIterable<readonly ActivityEvent[]>): AsyncGenerator<Row[]> {
  for await (const page of pages) yield page.map(activityRow);
}

/**
 * Bulk writes go as `INSERT … SELECT FROM unnest($n::type[], …)`, one array per column, in chunks:
 * one statement per chunk keeps round trips few and each statement's parameters a bounded size.
 */
export const CHUNK_ROWS = 5000;

export function* chunks<T>(items: readonly T[], size = CHUNK_ROWS): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

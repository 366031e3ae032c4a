import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares a presented secret with the configured one in constant time (whatever their lengths). */
export function secretMatches(presented: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected)) && expected.length > 0;
}

/** A request path with the secret part of `/webhooks/hub/<secret>` hidden, for logs. */
export function redactPath(path: string): string {
  return path.startsWith('/webhooks/hub/') ? '/webhooks/hub/…' : path;
}

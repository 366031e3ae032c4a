/** `base` (which may carry a path prefix, e.g. behind a proxy) + an API path + query parameters. */
export function apiUrl(base: string, path: string, query: Record<string, string | undefined> = {}): string {
  const url = new URL(`${base.replace(/\/+$/, '')}${path}`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.href;
}

/**
 * A server-built page link (`next`, §3.4) pointed back at the configured base: the path and query are the
 * server's, the origin (and any proxy prefix) ours, so a deployment behind a proxy keeps using the proxy.
 */
export function rebase(link: string, base: string): string {
  const baseUrl = new URL(base);
  const target = new URL(link, baseUrl);
  const prefix = baseUrl.pathname.replace(/\/+$/, '');
  const path =
    prefix && !target.pathname.startsWith(`${prefix}/`) ? `${prefix}${target.pathname}` : target.pathname;
  return new URL(`${path}${target.search}`, baseUrl.origin).href;
}

/** One path segment, escaped. */
export const seg = (value: string) => encodeURIComponent(value);

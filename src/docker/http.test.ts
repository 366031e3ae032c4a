import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DockerApiError } from './errors.js';
import { createHttp, type FetchLike } from './http.js';

const T0 = Date.UTC(2026, 5, 17, 12, 0, 0);
const Body = z.object({ ok: z.boolean() });

/** A scripted fetch plus a clock that the recording sleep moves forward: no real waiting. */
function harness(script: Array<Response | Error>) {
  const clock = { t: T0 };
  const sleeps: number[] = [];
  const calls: string[] = [];
  const fetch: FetchLike = async (url) => {
    calls.push(url);
    const next = script.shift();
    if (!next) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    return next;
  };
  const http = createHttp({
    fetch,
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
    random: () => 0.5,
  });
  return { http, sleeps, calls, clock };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('createHttp', () => {
  it('retries a network error with backoff and then succeeds', async () => {
    const { http, sleeps } = harness([new TypeError('fetch failed'), json({ ok: true })]);
    await expect(http.getJson('https://hub.docker.com/v2/x', Body)).resolves.toEqual({ ok: true });
    expect(sleeps).toEqual([375]); // 500 ms base, jitter 0.5 → 250 + 125
  });

  it('retries only what can recover: a reset connection, not a port or host that fetch refuses', async () => {
    const undiciError = (cause: Error) => new TypeError('fetch failed', { cause });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const retried = harness([undiciError(reset), json({ ok: true })]);
    await expect(retried.http.getJson('https://hub.docker.com/v2/x', Body)).resolves.toEqual({ ok: true });
    expect(retried.sleeps).toHaveLength(1);

    const noHost = Object.assign(new Error('getaddrinfo ENOTFOUND hub.dockr.com'), { code: 'ENOTFOUND' });
    for (const cause of [new Error('bad port'), new Error('unknown scheme'), noHost]) {
      const { http, sleeps, calls } = harness([undiciError(cause), json({ ok: true })]);
      const err = await http.getJson('https://hub.docker.com/v2/x', Body).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'unreachable', host: 'hub.docker.com' });
      expect(sleeps).toEqual([]);
      expect(calls).toHaveLength(1);
    }
  });

  it('stops retrying when the budget is spent and names the host', async () => {
    const script = Array.from({ length: 20 }, () => json({ error: 'internal error' }, 503));
    const { http, sleeps } = harness(script);
    const err = await http.getJson('https://api.docker.com/v1/r', Body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    expect(err).toMatchObject({ code: 'unavailable', host: 'api.docker.com', status: 503 });
    expect((err as Error).message).toContain('api.docker.com GET /v1/r: unreachable (503 internal error)');
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
  });

  it('caps a long Retry-After by the remaining budget, then gives up as rate_limited', async () => {
    const limited = () => json({ detail: 'Rate limit exceeded', error: false }, 429, { 'retry-after': '50' });
    const { http, sleeps, calls } = harness([limited(), limited(), limited(), limited()]);
    const err = await http.getJson('https://hub.docker.com/v2/auditlogs/acme', Body).catch((e: unknown) => e);
    expect(sleeps).toEqual([50_000, 10_000]);
    expect(calls).toHaveLength(3);
    expect(err).toMatchObject({ code: 'rate_limited', status: 429 });
    expect((err as Error).message).toContain('(429 Rate limit exceeded)');
  });

  it('waits until X-RateLimit-Reset before the next request when none remain', async () => {
    const reset = String(T0 / 1000 + 30);
    const { http, sleeps } = harness([
      json({ ok: true }, 200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }),
      json({ ok: true }),
    ]);
    await http.getJson('https://hub.docker.com/a', Body);
    expect(sleeps).toEqual([]);
    await http.getJson('https://hub.docker.com/b', Body);
    expect(sleeps).toEqual([30_000]);
  });

  it('names the endpoint and the first issue when a response does not match the schema', async () => {
    const { http } = harness([json({ ok: 'yes' })]);
    const err = await http
      .getJson('https://hub.docker.com/v2/orgs/acme?page=2', Body)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_response', endpoint: 'GET /v2/orgs/acme' });
    expect((err as Error).message).toMatch(
      /^hub\.docker\.com GET \/v2\/orgs\/acme: unexpected response \(200 ok: /,
    );
  });

  it('does not retry a 404 and uses the hint given for it', async () => {
    const { http, calls } = harness([json({ error: 'not found' }, 404)]);
    const err = await http
      .getJson('https://hub.docker.com/v2/orgs/nope', Body, {
        hints: { not_found: { fix: 'Check DOCKER_ORG.' } },
      })
      .catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect((err as Error).message).toBe(
      'hub.docker.com GET /v2/orgs/nope: not found (404 not found). Check DOCKER_ORG.',
    );
  });

  it('returns a 302 as is with redirect: manual', async () => {
    const redirect = new Response(null, {
      status: 302,
      headers: { location: 'https://s3.example/f.csv?sig=1' },
    });
    const { http } = harness([redirect]);
    const res = await http.get('https://api.docker.com/download', { redirect: 'manual', kind: 'report' });
    expect(res.headers.get('location')).toBe('https://s3.example/f.csv?sig=1');
  });
});

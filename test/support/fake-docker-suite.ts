import { afterEach, beforeEach, expect } from 'vitest';
import { type FakeDocker, generateUsagePullsCsv, startFakeDocker } from './fake-docker.js';

export type Json = Record<string, unknown>;

export const T0 = Date.parse('2026-06-17T08:00:00Z');

/** `days` daily usage_pulls reports ending on `start`, alternating the full and legacy column sets. */
export function reports(days: number, start = '2026-06-16'): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < days; i++) {
    const day = new Date(Date.parse(`${start}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10);
    map.set(day, generateUsagePullsCsv(day, 5, { columns: i % 2 ? 'legacy' : 'full' }));
  }
  return map;
}

/**
 * A fresh fake Docker server for every test (its clock starts at T0 and the test may move it), and the
 * raw requests the tests make to it.
 */
export function fakeDockerPerTest() {
  const suite = {
    fake: undefined as unknown as FakeDocker,
    clock: T0,
    async token(identifier = 'acme', secret = 'dckr_oat_test'): Promise<string> {
      const res = await fetch(`${suite.fake.hubUrl}/v2/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifier, secret }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { access_token: string }).access_token;
    },
    get(url: string, bearer?: string, init: RequestInit = {}): Promise<Response> {
      return fetch(url, { ...init, headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
    },
    async getJson<T = Json>(url: string, bearer?: string): Promise<{ status: number; body: T }> {
      const res = await suite.get(url, bearer);
      return { status: res.status, body: (await res.json()) as T };
    },
  };
  beforeEach(async () => {
    suite.clock = T0;
    suite.fake = await startFakeDocker({ now: () => suite.clock, pullReports: reports(5) });
  });
  afterEach(async () => {
    await suite.fake.close();
  });
  return suite;
}

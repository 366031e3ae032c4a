/** The Docker clients against the fake Docker server, on one clock (tests of src/docker/). */
import { createEnterpriseDataClient } from '../../src/docker/enterprise-data/client.js';
import { createHubClient } from '../../src/docker/hub/client.js';
import { type FakeDocker, type FakeDockerOptions, startFakeDocker } from './fake-docker.js';

export const T0 = Date.UTC(2026, 5, 17, 12, 0, 0);
export const DAY_MS = 86_400_000;

const started: FakeDocker[] = [];
/** Closes the fake servers setup() started (an afterEach). */
export async function closeFakes(): Promise<void> {
  for (const f of started.splice(0)) await f.close();
}

/** The clients' HTTP options on a clock of their own, whose waits are recorded and move it instead of sleeping. */
export function recordingHttp(t0 = T0) {
  const clock = { t: t0 };
  const sleeps: number[] = [];
  const http = {
    now: () => clock.t,
    random: () => 0.5,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock.t += ms;
    },
  };
  return { http, sleeps, clock };
}

/** One clock for the fake server and the clients (recordingHttp's). */
export async function setup(
  options: FakeDockerOptions = {},
  client: { token?: string; username?: string } = {},
) {
  const { http, sleeps, clock } = recordingHttp();
  const fake = await startFakeDocker({ now: () => clock.t, ...options });
  started.push(fake);
  const hub = createHubClient({
    baseUrl: fake.hubUrl,
    org: 'acme',
    token: client.token ?? 'dckr_oat_test',
    username: client.username,
    http,
  });
  const data = createEnterpriseDataClient({ baseUrl: fake.apiUrl, org: 'acme', bearer: hub.bearer, http });
  return { fake, hub, data, clock, sleeps };
}

export async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/**
 * Failures that must be told apart (issue 22): a 404 on a later page is no wrong DOCKER_ORG, and a request
 * fetch refuses to make ("bad port") is not retried for a minute.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DockerApiError } from '../src/docker/errors.js';
import { createHubClient } from '../src/docker/hub/client.js';
import { recordingHttp } from './support/docker-clients.js';
import { type FakeDocker, generateMembers, startFakeDocker } from './support/fake-docker.js';

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);

let fake: FakeDocker | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('Docker failures', () => {
  it('says which page failed when page 2 of the members is 404, not "Check DOCKER_ORG"', async () => {
    const { http } = recordingHttp(T0);
    fake = await startFakeDocker({ now: () => T0, members: generateMembers(150, { now: new Date(T0) }) });
    const hub = createHubClient({ baseUrl: fake.hubUrl, org: 'acme', token: 'dckr_oat_test', http });
    const pages = hub.members();
    expect((await pages.next()).value).toHaveLength(100);
    // Members leave between the two pages: Docker's `next` now points past the end ("Invalid page.").
    fake.members = fake.members.slice(0, 50);
    const err = await pages.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    expect(err).toMatchObject({ code: 'not_found', status: 404 });
    const message = (err as Error).message;
    expect(message).toContain('page 2 of the members list not found (404 Invalid page.)');
    expect(message).toContain('Page 1 worked');
    expect(message).not.toContain('Check DOCKER_ORG');
  });

  it('still blames DOCKER_ORG when the first page is 404', async () => {
    const { http } = recordingHttp(T0);
    fake = await startFakeDocker({ now: () => T0 });
    fake.failNext('/v2/orgs/acme/members', { status: 404 });
    const hub = createHubClient({ baseUrl: fake.hubUrl, org: 'acme', token: 'dckr_oat_test', http });
    const err = await hub
      .members()
      .next()
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain('Check DOCKER_ORG');
  });

  it('gives up at once on a port fetch refuses to use, and says which setting to check', async () => {
    const { http, sleeps } = recordingHttp(T0);
    // Port 1 is on the fetch standard's "bad ports" list: undici refuses it without connecting.
    const hub = createHubClient({ baseUrl: 'http://127.0.0.1:1', org: 'acme', token: 'dckr_oat_test', http });
    const err = await hub
      .members()
      .next()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unreachable' });
    expect((err as Error).message).toContain('cannot be reached (bad port)');
    expect((err as Error).message).toContain('DOCKER_HUB_URL');
    expect(sleeps).toEqual([]);
  });
});

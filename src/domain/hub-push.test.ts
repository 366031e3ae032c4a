import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHubPush, repositoryMatches } from './hub-push.js';

/** The payload of docker-apis.md §8 (Docker's current webhook doc). */
const HUB_PUSH = JSON.parse(
  readFileSync(new URL('../../test/fixtures/docker/hub-push.json', import.meta.url), 'utf8'),
) as { push_data: Record<string, unknown>; repository: Record<string, unknown> };

describe('Docker Hub push payloads', () => {
  it('reads the current shape', () => {
    expect(parseHubPush(HUB_PUSH)).toEqual({
      push: {
        repository: 'svendowideit/testhook',
        tag: 'latest',
        pusher: 'trustedbuilder',
        pushedAt: new Date(1417566161000),
        isPrivate: true,
      },
    });
  });

  it('reads the older shape with images and float timestamps', () => {
    const old = {
      ...HUB_PUSH,
      push_data: {
        images: ['27d47432a69b', '5ae6e6f2b1e4'],
        pushed_at: 1.417566822e9,
        pusher: 'svendowideit',
      },
    };
    const parsed = parseHubPush(old);
    expect(parsed).toMatchObject({ push: { tag: 'latest', pushedAt: new Date(1417566822000) } });
  });

  it('refuses anything else with the field at fault', () => {
    expect(parseHubPush({})).toEqual({ error: expect.stringContaining('push_data') });
    expect(
      parseHubPush({ ...HUB_PUSH, push_data: { ...HUB_PUSH.push_data, pushed_at: '1417566161' } }),
    ).toEqual({
      error: expect.stringContaining('push_data.pushed_at'),
    });
    expect(parseHubPush({ ...HUB_PUSH, repository: { repo_name: '../etc/passwd' } })).toEqual({
      error: expect.stringContaining('repository.repo_name'),
    });
    expect(parseHubPush(null)).toHaveProperty('error');
  });

  it('matches repositories exactly or by namespace', () => {
    expect(repositoryMatches('acme/api', 'acme/api')).toBe(true);
    expect(repositoryMatches('acme/*', 'acme/web')).toBe(true);
    expect(repositoryMatches('acme/*', 'acmecorp/web')).toBe(false);
    expect(repositoryMatches('acme/api', 'acme/api-v2')).toBe(false);
  });
});

/**
 * Docker Hub push webhooks (docker-apis.md §8). Hub cannot sign its requests, so the payload is
 * validated strictly: both documented shapes (current, and the older one with `push_data.images`),
 * timestamps as integer or float unix seconds (`1417566161`, `1.417566161e+09`).
 */
import { z } from 'zod';

const unixSeconds = z.number().finite().nonnegative();
const name = z.string().min(1).max(255);

const HubPushSchema = z.object({
  push_data: z.object({
    pushed_at: unixSeconds,
    pusher: z.string().max(255),
    tag: z.string().max(128).optional(),
    images: z.array(z.unknown()).optional(),
  }),
  repository: z.object({
    repo_name: z
      .string()
      .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*\/[a-z0-9]+(?:[._-][a-z0-9]+)*$/, 'namespace/name'),
    namespace: name.optional(),
    name: name.optional(),
    repo_url: z.string().max(2000).optional(),
    is_private: z.boolean().optional(),
  }),
  callback_url: z.string().max(2000).optional(),
});

export interface HubPush {
  /** `namespace/name`. */
  repository: string;
  tag: string;
  pusher: string;
  pushedAt: Date;
  isPrivate: boolean;
}

/** Parses a webhook body; an error names the first field that is wrong. */
export function parseHubPush(body: unknown): { push: HubPush } | { error: string } {
  const parsed = HubPushSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `invalid push payload: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const { push_data: data, repository } = parsed.data;
  return {
    push: {
      repository: repository.repo_name,
      tag: data.tag || 'latest',
      pusher: data.pusher,
      pushedAt: new Date(Math.round(data.pushed_at * 1000)),
      isPrivate: repository.is_private ?? false,
    },
  };
}

/** `acme/api` matches `acme/api` and `acme/*`. */
export function repositoryMatches(pattern: string, repository: string): boolean {
  const p = pattern.toLowerCase();
  const r = repository.toLowerCase();
  return p.endsWith('/*') ? r.startsWith(p.slice(0, -1)) : p === r;
}

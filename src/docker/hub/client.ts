import { createHash } from 'node:crypto';
import type { ErrorHints } from '../errors.js';
import { createHttp, type HttpOptions } from '../http.js';
import { apiUrl, rebase, seg } from '../url.js';
import { type BearerSource, createTokenCache, withBearer } from './auth.js';
import {
  type AuditAction,
  AuditActionCatalog,
  type AuditEvent,
  AuditLogsPage,
  type HubInvite,
  type HubMember,
  InvitesList,
  MembersPage,
} from './schema.js';

export interface HubClientOptions {
  /** Default https://hub.docker.com; may carry a path prefix when behind a proxy. */
  baseUrl?: string;
  org: string;
  /** The Docker ID that owns a PAT. */
  username?: string;
  /** A PAT (`dckr_pat_…`) or an OAT (`dckr_oat_…`); never logged, never in an error message. */
  token: string;
  http?: HttpOptions;
}

export interface AuditLogQuery {
  from: Date;
  to?: Date;
  pageSize?: number;
  /** Filter on one action, e.g. `repo.tag.push`. */
  action?: string;
}

export interface HubClient {
  readonly baseUrl: string;
  readonly org: string;
  /** The exchanged JWT, also the Enterprise Data API bearer (§2.2). */
  bearer: BearerSource;
  members(): AsyncGenerator<HubMember[]>;
  /** The pending invites (`GET /v2/orgs/{org}/invites`, §3.5). */
  invites(): Promise<HubInvite[]>;
  /** `DELETE /v2/orgs/{org}/members/{username}` (§13): 204; owners only, never the last owner. */
  removeMember(username: string): Promise<void>;
  auditLogs(query: AuditLogQuery): AsyncGenerator<AuditEvent[]>;
  auditActions(): Promise<AuditAction[]>;
}

export function createHubClient(options: HubClientOptions): HubClient {
  const baseUrl = options.baseUrl ?? 'https://hub.docker.com';
  const { org } = options;
  const http = createHttp(options.http);
  const bearer = createTokenCache(baseUrl, options, http, options.http?.now ?? Date.now);
  const notFound = { fix: `Check DOCKER_ORG: no organization "${org}" is visible to this token.` };
  const rejected = {
    what: 'DOCKER_TOKEN rejected',
    fix: 'A fresh token was refused too; check that the token has not been revoked or expired.',
  };
  const scoped = (scope: string): ErrorHints => ({
    auth_failed: rejected,
    not_found: notFound,
    forbidden: {
      fix: `Give the token ${scope} on ${org} (an OAT scope, or a PAT of an owner of the organization).`,
    },
  });

  const authed = <T>(call: (jwt: string) => Promise<T>) => withBearer(bearer, call);
  /**
   * A 404 after the first page is no wrong DOCKER_ORG (page one answered): the list changed under the walk
   * or the server's paging broke; say which page failed.
   */
  const laterPage = (hints: ErrorHints, what: string, page: number): ErrorHints => ({
    ...hints,
    not_found: {
      what: `page ${page} of ${what} not found`,
      fix: `Page 1 worked, so DOCKER_ORG and the token are fine; the list may have changed while it was read. The next sync reads it again.`,
    },
  });

  return {
    baseUrl,
    org,
    bearer,

    async *members() {
      const hints = scoped('Member Read (scope-member-read)');
      let url: string | null = apiUrl(baseUrl, `/v2/orgs/${seg(org)}/members`, { page_size: '100' });
      const seen = new Set<string>();
      while (url !== null && !seen.has(url)) {
        seen.add(url);
        const target: string = url;
        const pageHints = seen.size === 1 ? hints : laterPage(hints, 'the members list', seen.size);
        const page = await authed((jwt) =>
          http.getJson(target, MembersPage, { headers: auth(jwt), hints: pageHints }),
        );
        if (page.results.length > 0) yield page.results;
        // `next` is a full URL built by the server (§3.4): keep its path and query, use our base.
        url = page.next ? rebase(page.next, baseUrl) : null;
      }
    },

    async invites() {
      const hints = scoped('Invite Read (scope-invite-read)');
      const url = apiUrl(baseUrl, `/v2/orgs/${seg(org)}/invites`);
      return (await authed((jwt) => http.getJson(url, InvitesList, { headers: auth(jwt), hints }))).data;
    },

    async removeMember(username) {
      const url = apiUrl(baseUrl, `/v2/orgs/${seg(org)}/members/${seg(username)}`);
      const hints: ErrorHints = {
        ...scoped('Member Edit (scope-member-edit)'),
        not_found: { what: 'no such member', fix: `${username} is no longer a member of ${org}.` },
      };
      await authed((jwt) => http.delete(url, { headers: auth(jwt), hints }));
    },

    async *auditLogs({ from, to, pageSize = 100, action }) {
      const hints = scoped('Audit Log Read (scope-activity-read)');
      let firstOfPrevious: string | undefined;
      // The page size the server really uses: the spec states a default (25) but no maximum, so a
      // server may give fewer than asked. A page shorter than the first one is the last.
      let served = pageSize;
      for (let page = 1; ; page++) {
        const url = apiUrl(baseUrl, `/v2/auditlogs/${seg(org)}`, {
          action,
          from: from.toISOString(),
          to: to?.toISOString(),
          page: String(page),
          page_size: String(pageSize),
        });
        const pageHints = page === 1 ? hints : laterPage(hints, 'the activity log', page);
        const { logs } = await authed((jwt) =>
          http.getJson(url, AuditLogsPage, { headers: auth(jwt), hints: pageHints }),
        );
        const first = logs[0] && auditEventId(logs[0]);
        // No count/next in this envelope (§3.2): an empty page, or one shorter than the server's page
        // size, is the end. A server that ignores `page` would answer the same page forever, so a repeat
        // ends the walk too.
        if (first === undefined || first === firstOfPrevious) return;
        firstOfPrevious = first;
        if (page === 1) served = Math.min(pageSize, logs.length);
        yield logs;
        if (logs.length < served) return;
      }
    },

    async auditActions() {
      const url = apiUrl(baseUrl, `/v2/auditlogs/${seg(org)}/actions`);
      const hints = scoped('Audit Log Read (scope-activity-read)');
      const catalog = await authed((jwt) =>
        http.getJson(url, AuditActionCatalog, { headers: auth(jwt), hints }),
      );
      return flattenActions(catalog);
    },
  };
}

const auth = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

/** An event's `action` is `<group>.<name>` (§3.2), e.g. `repo` + `tag.push`. */
export function flattenActions(catalog: AuditActionCatalog): AuditAction[] {
  const out: AuditAction[] = [];
  for (const [group, entry] of Object.entries(catalog.actions)) {
    for (const a of entry.actions ?? []) {
      out.push({
        action: `${group}.${a.name}`,
        group,
        label: a.label ?? a.name,
        description: a.description ?? '',
      });
    }
  }
  return out;
}

/**
 * A stable key for storing audit events incrementally: the API has no event id and polling from the last
 * seen timestamp returns that second's events again (§3.2).
 */
export function auditEventId(e: AuditEvent): string {
  const data = Object.entries(e.data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const key = JSON.stringify([e.timestamp, e.action, e.name, e.actor, data]);
  return createHash('sha256').update(key).digest('hex');
}

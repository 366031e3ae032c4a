/**
 * A local fake of the Docker APIs the bot polls, following docs/docker-apis.md and the Hub / Enterprise Data
 * OpenAPI specs: paths, query parameters, envelopes, status codes and error bodies.
 *
 * Three HTTP servers on 127.0.0.1:
 * - `hubUrl` (hub.docker.com): `POST /v2/auth/token`, `GET /v2/orgs/{org}/members[/export]`,
 *   `GET /v2/orgs/{org}/invites`, `DELETE /v2/orgs/{org}/members/{username}` (./fake-docker-members.ts),
 *   `GET /v2/auditlogs/{account}[/actions]`. Every response carries `X-RateLimit-*` headers.
 * - `apiUrl` (api.docker.com): `GET /enterprise-data/v1/orgs/{org}/reports[/usage_pulls/daily[/{date}/download|schema]]`.
 * - `s3Url`: the pre-signed download host the 302 points at.
 *
 * Choices where the spec is silent (see also the constants in the route modules):
 * - Members: `page_size` defaults to 10 and is capped at 100; results keep the `members` array order; a page past
 *   the end is `404 {"detail":"Invalid page."}`; invitees (`role: 'Invitee'`) are listed only with
 *   `type=invitee|all` or `invites=true`; `search` is a case-insensitive substring of username, full name, email.
 * - Audit logs: newest first; `from` inclusive, `to` exclusive; `page`/`page_size` 0 means unset (proto3); no
 *   maximum `page_size` (as the spec: none stated; `auditMaxPageSize` sets one); a page past the end is `{"logs":[]}`; an account other than the org is 404 `rpcStatus`.
 * - Enterprise Data: only OAT-derived JWTs (or a raw OAT) of the org are let in; a PAT (JWT or raw) gets 403, as
 *   does another org. A token is an OAT when its secret starts with `dckr_oat_` or its identifier is the org.
 *   The page token is the base64url of the first date of the next page.
 * - Indexes are cached per array and length: to change data, assign a new array or push/splice, not edit in place.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { generateAuditLogs } from './fake-docker-audit.js';
import { type FakeAuditLog, type FakeMember, generateMembers } from './fake-docker-data.js';
import { createEnterpriseHandler, createS3Handler } from './fake-docker-enterprise.js';
import { answerWithFault, type BodyFault } from './fake-docker-faults.js';
import {
  type FakeRequest,
  type FakeResponse,
  type FakeState,
  hmacHex,
  listen,
  type Queued,
  queuedResponse,
  randomHex,
  TokenStore,
  text,
  utcDay,
} from './fake-docker-http.js';
import { createHubHandler } from './fake-docker-hub.js';
import { generateUsagePullsCsv } from './fake-docker-usage.js';

export { generateAuditLogs, SPEC_AUDIT_LOG_EXAMPLE } from './fake-docker-audit.js';
export { AUDIT_ACTION_CATALOG } from './fake-docker-catalog.js';
export {
  type FakeAuditLog,
  type FakeMember,
  generateMembers,
  goTimeString,
  MEMBERS_EXPORT_COLUMNS,
  membersExportCsv,
} from './fake-docker-data.js';
export { ENTERPRISE_BASE_PATH, PRESIGN_EXPIRES_SECONDS, reportKey } from './fake-docker-enterprise.js';
export {
  AUDIT_DEFAULT_PAGE_SIZE,
  MEMBERS_DEFAULT_PAGE_SIZE,
  MEMBERS_MAX_PAGE_SIZE,
} from './fake-docker-hub.js';
export { invitesOf, SPEC_INVITE_EXAMPLE } from './fake-docker-members.js';
export {
  csvHeader,
  generateUsagePullsCsv,
  USAGE_PULLS_COLUMNS,
  USAGE_PULLS_FIELDS,
  type UsageField,
} from './fake-docker-usage.js';

import type { FakeDocker, FakeDockerOptions, RecordedRequest } from './fake-docker-types.js';

export type { FakeDocker, FakeDockerOptions, RecordedRequest } from './fake-docker-types.js';

type Host = RecordedRequest['host'];

const DAY_MS = 86_400_000;
const MAX_BODY_BYTES = 1 << 20;

class FakeDockerServer implements FakeDocker, FakeState {
  readonly requests: RecordedRequest[] = [];
  readonly tokens = new TokenStore();
  private readonly queue: Queued[] = [];
  private readonly hangs: Array<{ prefix: string; arrived: () => void }> = [];
  private readonly faults: BodyFault[] = [];
  private readonly handlers: Record<Host, (req: FakeRequest) => FakeResponse>;
  private readonly s3Secret = randomHex(16);
  private window = { start: 0, count: 0 };
  auditMaxPageSize: number | undefined = undefined;
  enterpriseBearer: 'both' | 'oat' | 'jwt' | 'none' = 'both';

  constructor(
    readonly org: string,
    readonly hubUrl: string,
    readonly apiUrl: string,
    readonly s3Url: string,
    public members: FakeMember[],
    public auditLogs: FakeAuditLog[],
    public pullReports: Map<string, string>,
    public membersEnvelope: 'object' | 'array',
    readonly credentials: ReadonlyArray<{ identifier: string; secret: string; scopes?: string[] }>,
    readonly tokenTtlSeconds: number,
    readonly now: () => number,
    private readonly rateLimit: number,
    private readonly servers: Server[],
  ) {
    this.handlers = {
      hub: createHubHandler(this),
      api: createEnterpriseHandler(this),
      s3: createS3Handler(this),
    };
  }

  get issuedTokens(): string[] {
    return this.tokens.issued;
  }

  presign(key: string, amzDate: string): string {
    return hmacHex(this.s3Secret, `${key}\n${amzDate}`);
  }

  failNext(
    pathPrefix: string,
    response: { status: number; headers?: Record<string, string>; body?: unknown },
  ): void {
    this.queue.push({ prefix: pathPrefix, ...response });
  }

  expireTokens(): void {
    this.tokens.expireAll();
  }

  hangNext(pathPrefix: string): Promise<void> {
    return new Promise((arrived) => this.hangs.push({ prefix: pathPrefix, arrived }));
  }

  oversizeNext(pathPrefix: string, bytes: number): void {
    this.faults.push({ prefix: pathPrefix, kind: 'oversize', bytes });
  }

  stallNext(pathPrefix: string): void {
    this.faults.push({ prefix: pathPrefix, kind: 'stall' });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  listen(host: Host, req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const hang = this.hangs.findIndex((h) => url.pathname.startsWith(h.prefix));
      if (hang !== -1) {
        this.hangs.splice(hang, 1)[0]?.arrived();
        return;
      }
      const request: FakeRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      let response: FakeResponse;
      try {
        response = this.respond(host, request);
      } catch (error) {
        response = text(500, String(error), 'text/plain');
      }
      this.requests.push({
        host,
        method: request.method,
        path: request.path,
        query: Object.fromEntries(url.searchParams),
        ...(request.authorization === undefined ? {} : { authorization: request.authorization }),
        status: response.status,
      });
      const faulty = this.faults.findIndex((f) => url.pathname.startsWith(f.prefix));
      const fault = faulty === -1 ? undefined : this.faults.splice(faulty, 1)[0];
      if (fault) return answerWithFault(fault, response, res);
      const body = Buffer.from(response.body, 'utf8');
      res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
      res.end(request.method === 'HEAD' ? undefined : body);
    });
  }

  private respond(host: Host, req: FakeRequest): FakeResponse {
    const index = this.queue.findIndex((q) => req.path.startsWith(q.prefix));
    const queued = index === -1 ? undefined : this.queue.splice(index, 1)[0];
    const response = queued ? queuedResponse(host, req.path, queued) : this.handlers[host](req);
    if (host !== 'hub') return response;
    return { ...response, headers: { ...this.rateLimitHeaders(response.status), ...response.headers } };
  }

  private rateLimitHeaders(status: number): Record<string, string> {
    const now = this.now();
    const start = Math.floor(now / 60_000) * 60_000;
    if (start !== this.window.start) this.window = { start, count: 0 };
    this.window.count++;
    const remaining = status === 429 ? 0 : Math.max(0, this.rateLimit - this.window.count);
    return {
      'X-RateLimit-Limit': String(this.rateLimit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': String((start + 60_000) / 1000),
    };
  }
}

export async function startFakeDocker(options: FakeDockerOptions = {}): Promise<FakeDocker> {
  const org = options.org ?? 'acme';
  const now = options.now ?? Date.now;
  const nowMs = now();
  const pullReports =
    options.pullReports ??
    new Map(
      [1, 2, 3].map((d) => {
        const day = utcDay(nowMs - d * DAY_MS);
        return [day, generateUsagePullsCsv(day, 25, { org })] as const;
      }),
    );
  const servers = [createServer(), createServer(), createServer()] as const;
  const [hubUrl, apiUrl, s3Url] = await Promise.all(servers.map(listen));
  const fake = new FakeDockerServer(
    org,
    hubUrl ?? '',
    apiUrl ?? '',
    s3Url ?? '',
    options.members ?? generateMembers(40, { now: new Date(nowMs), org }),
    options.auditLogs ??
      generateAuditLogs(60, { org, from: new Date(nowMs - 7 * DAY_MS), to: new Date(nowMs) }),
    pullReports,
    options.membersEnvelope ?? 'object',
    options.credentials ?? [
      { identifier: org, secret: 'dckr_oat_test' },
      { identifier: 'alice', secret: 'dckr_pat_test' },
    ],
    options.tokenTtlSeconds ?? 600,
    now,
    options.rateLimitPerMinute ?? 10_000,
    [...servers],
  );
  const hosts: Host[] = ['hub', 'api', 's3'];
  servers.forEach((server, i) => {
    server.keepAliveTimeout = 1000;
    server.on('request', (req, res) => fake.listen(hosts[i] ?? 'hub', req, res));
  });
  return fake;
}

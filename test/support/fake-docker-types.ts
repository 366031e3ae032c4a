import type { FakeAuditLog, FakeMember } from './fake-docker-data.js';

export interface FakeDockerOptions {
  /** Default 'acme'. */
  org?: string;
  /**
   * Accepted credentials for POST /v2/auth/token: PAT (identifier = username) or OAT (identifier = org). An OAT
   * may list its scopes (`scope-member-edit`, `scope-invite-read`); without a list it has them all.
   */
  credentials?: Array<{ identifier: string; secret: string; scopes?: string[] }>;
  /** Default: generateMembers(40). */
  members?: FakeMember[];
  /** Default: generateAuditLogs(60, …) over the 7 days before `now`. */
  auditLogs?: FakeAuditLog[];
  /** usage_pulls daily reports: date (YYYY-MM-DD) → CSV text. Default: the 3 days before `now`. */
  pullReports?: Map<string, string>;
  /** 'object' (live API: {count,next,previous,results}) or 'array' (the spec's 200 schema: that object in an array). */
  membersEnvelope?: 'object' | 'array';
  /** Server clock (ms) for token expiry, pre-signed URL expiry and the rate-limit window; default Date.now. */
  now?: () => number;
  /** Default 600. */
  tokenTtlSeconds?: number;
  /** `X-RateLimit-Limit` (per minute of the server clock); informational only, never enforced. Default 10000. */
  rateLimitPerMinute?: number;
}

export interface RecordedRequest {
  host: 'hub' | 'api' | 's3';
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  status: number;
}

export interface FakeDocker {
  readonly hubUrl: string;
  readonly apiUrl: string;
  readonly s3Url: string;
  readonly org: string;
  members: FakeMember[];
  auditLogs: FakeAuditLog[];
  pullReports: Map<string, string>;
  membersEnvelope: 'object' | 'array';
  /**
   * The largest audit-log `page_size` served; larger asks get this many (the spec states a default of 25
   * and no maximum: a test sets one to check the client does not rely on getting what it asked for).
   */
  auditMaxPageSize: number | undefined;
  /**
   * The bearers the Enterprise Data API takes: both (default), only the raw OAT (as its OpenAPI spec
   * says), or only the JWT exchanged at hub /v2/auth/token (as the current usage-reports guide says), or
   * neither (a token revoked since, or one without Report Read).
   */
  enterpriseBearer: 'both' | 'oat' | 'jwt' | 'none';
  readonly requests: RecordedRequest[];
  readonly issuedTokens: string[];
  /**
   * Queue one response for the next request whose path starts with `pathPrefix` (any host). Each queued response
   * is used once, in order. Bodies default to the spec's error shape for that API and status.
   */
  failNext(
    pathPrefix: string,
    response: { status: number; headers?: Record<string, string>; body?: unknown },
  ): void;
  /** Make every token issued so far invalid (the next authenticated request gets 401, as an expired JWT would). */
  expireTokens(): void;
  /** Never answer the next request whose path starts with `pathPrefix` (a stalled upstream); resolves when it arrives. */
  hangNext(pathPrefix: string): Promise<void>;
  /** Answer the next request whose path starts with `pathPrefix` with `bytes` of JSON, streamed, never closed. */
  oversizeNext(pathPrefix: string, bytes: number): void;
  /** Answer the next such request with its real headers and half its body, then nothing (a stalled download). */
  stallNext(pathPrefix: string): void;
  close(): Promise<void>;
}

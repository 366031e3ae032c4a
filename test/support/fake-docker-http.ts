import { createHmac, randomBytes } from 'node:crypto';
import { type Server, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAuditLog, FakeMember } from './fake-docker-data.js';

/** One parsed request, as the route handlers see it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  body: string;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the route handlers need from the running server. */
export interface FakeState {
  readonly org: string;
  readonly hubUrl: string;
  readonly apiUrl: string;
  readonly s3Url: string;
  readonly members: FakeMember[];
  readonly auditLogs: FakeAuditLog[];
  readonly pullReports: Map<string, string>;
  readonly membersEnvelope: 'object' | 'array';
  /** A largest audit-log `page_size` to serve (the spec states none); unset: none. */
  readonly auditMaxPageSize: number | undefined;
  readonly enterpriseBearer: 'both' | 'oat' | 'jwt' | 'none';
  readonly credentials: ReadonlyArray<{ identifier: string; secret: string; scopes?: string[] }>;
  readonly tokens: TokenStore;
  readonly tokenTtlSeconds: number;
  now(): number;
  /** HMAC of a pre-signed S3 URL's key and date, hex. */
  presign(key: string, amzDate: string): string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

export function text(
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): FakeResponse {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body };
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** The Hub `error` schema (orgs, groups, invites): `{errinfo, detail, message}`. */
export function hubError(status: number, detail: string, errinfo: Record<string, string> = {}): FakeResponse {
  return json(status, { errinfo, detail, message: detail });
}

const GRPC_CODES: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 6,
  429: 8,
  500: 13,
  501: 12,
  503: 14,
  504: 4,
};

/** The `rpcStatus` body the audit-log routes answer with (grpc-gateway style). */
export function rpcError(status: number, message: string): FakeResponse {
  return json(status, { code: GRPC_CODES[status] ?? 2, message, details: [] });
}

/** The audit-log 429 body from the Hub spec. */
export const RATE_LIMIT_BODY = { detail: 'Rate limit exceeded', error: false };

/** Enterprise Data API messages per status (spec `Error` examples). */
export function enterpriseErrorMessage(status: number): string {
  switch (status) {
    case 400:
      return 'invalid input';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'permission denied';
    case 404:
      return 'not found';
    case 429:
      return 'rate limit exceeded';
    default:
      return 'internal error';
  }
}

function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An S3-style XML error document. */
export function s3Error(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): FakeResponse {
  const fields = Object.entries({
    Code: code,
    Message: message,
    ...extra,
    RequestId: randomHex(8).toUpperCase(),
  })
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('');
  return text(status, `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields}</Error>`, 'application/xml');
}

const S3_CODES: Record<number, string> = {
  400: 'InvalidRequest',
  403: 'AccessDenied',
  404: 'NoSuchKey',
  500: 'InternalError',
  503: 'SlowDown',
};

export function s3DefaultError(status: number): FakeResponse {
  return s3Error(status, S3_CODES[status] ?? 'InternalError', statusText(status));
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function hmacHex(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('hex');
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

export interface Principal {
  identifier: string;
  kind: 'pat' | 'oat';
  /** An OAT's scopes (`scope-member-edit`, …); undefined = every scope. */
  scopes?: readonly string[];
}

interface IssuedToken extends Principal {
  exp: number;
  revoked: boolean;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The JWTs `POST /v2/auth/token` hands out: JWT-shaped, with `exp`, checked against the server clock. */
export class TokenStore {
  readonly issued: string[] = [];
  private readonly byToken = new Map<string, IssuedToken>();

  issue(principal: Principal, nowMs: number, ttlSeconds: number): string {
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + ttlSeconds;
    const header = base64url({ alg: 'RS256', typ: 'JWT', kid: 'fake-docker' });
    const payload = base64url({
      iss: 'https://hub.docker.com',
      sub: randomHex(16),
      username: principal.identifier,
      token_type: principal.kind,
      iat,
      exp,
      jti: randomHex(12),
    });
    const token = `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
    this.byToken.set(token, { ...principal, exp, revoked: false });
    this.issued.push(token);
    return token;
  }

  /** The principal of a live token, or undefined when unknown, revoked or expired (`now >= exp`). */
  verify(token: string, nowMs: number): Principal | undefined {
    const t = this.byToken.get(token);
    if (!t || t.revoked || nowMs >= t.exp * 1000) return undefined;
    return { identifier: t.identifier, kind: t.kind, ...(t.scopes ? { scopes: t.scopes } : {}) };
  }

  expireAll(): void {
    for (const t of this.byToken.values()) t.revoked = true;
  }
}

export function bearer(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return m?.[1];
}

/** A response queued with `failNext`. */
export type Queued = { prefix: string; status: number; headers?: Record<string, string>; body?: unknown };

/** The body of a queued response: its own, or the error shape of that API for its status. */
export function queuedResponse(host: 'hub' | 'api' | 's3', path: string, q: Queued): FakeResponse {
  let response: FakeResponse;
  if (q.body !== undefined) {
    response =
      typeof q.body === 'string'
        ? text(q.status, q.body, 'text/plain; charset=utf-8')
        : json(q.status, q.body);
  } else if (host === 's3') {
    response = s3DefaultError(q.status);
  } else if (host === 'api') {
    response = json(q.status, { error: enterpriseErrorMessage(q.status) });
  } else if (q.status === 429) {
    response = json(429, RATE_LIMIT_BODY);
  } else if (path.startsWith('/v2/auditlogs')) {
    response = rpcError(q.status, statusText(q.status).toLowerCase());
  } else {
    response = hubError(q.status, statusText(q.status));
  }
  return { ...response, headers: { ...response.headers, ...q.headers } };
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

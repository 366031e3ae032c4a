/**
 * Microsoft Entra ID's token endpoint and Azure Monitor's Logs Ingestion API as documented (docs/siem.md):
 * `POST /{tenant}/oauth2/v2.0/token` (client credentials, form-encoded) → `{access_token, expires_in}`;
 * `POST /dataCollectionRules/{dcr}/streams/{stream}?api-version=2023-01-01` with `Authorization: Bearer`,
 * a JSON array → 204; over 1 MB → 413; an expired or unknown token → 401; throttling → 429 + Retry-After.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ONE_MB = 1024 * 1024;

export interface FakeSentinel {
  /** Base URL of the ingestion endpoint (SIEM_SENTINEL_ENDPOINT). */
  readonly endpoint: string;
  /** Token URL for a tenant (SIEM_SENTINEL_TOKEN_URL). */
  tokenUrl(tenant: string): string;
  /** Every record ingested, in order. */
  readonly records: Array<Record<string, unknown>>;
  /** Each ingestion call: status and body size. */
  readonly calls: Array<{ status: number; bytes: number }>;
  /** Tokens issued. */
  readonly tokens: string[];
  /** The next `n` ingestion calls get 429 with `Retry-After: seconds`. */
  throttle(n: number, seconds: number): void;
  close(): Promise<void>;
}

export async function startFakeSentinel(options: {
  tenant: string;
  clientId: string;
  clientSecret: string;
  dcrId: string;
  stream: string;
  /** Lifetime of an issued token, in seconds (Entra ID: about an hour). */
  tokenSeconds: number;
  /** The server's clock (tests move it with the bot's). */
  now: () => number;
}): Promise<FakeSentinel> {
  const valid = new Map<string, number>();
  const records: FakeSentinel['records'] = [];
  const calls: FakeSentinel['calls'] = [];
  const tokens: string[] = [];
  let throttled = 0;
  let retryAfter = 0;
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST' && url.pathname === `/${options.tenant}/oauth2/v2.0/token`) {
        const form = new URLSearchParams(raw.toString('utf8'));
        if (
          form.get('grant_type') !== 'client_credentials' ||
          form.get('scope') !== 'https://monitor.azure.com//.default'
        )
          return json(res, 400, { error: 'invalid_request' });
        if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret)
          return json(res, 401, { error: 'invalid_client' });
        const token = `token-${tokens.length + 1}`;
        tokens.push(token);
        valid.set(token, options.now() + options.tokenSeconds * 1000);
        return json(res, 200, {
          token_type: 'Bearer',
          expires_in: options.tokenSeconds,
          access_token: token,
        });
      }
      const path = `/dataCollectionRules/${options.dcrId}/streams/${options.stream}`;
      if (req.method === 'POST' && url.pathname === path) {
        const record = (status: number) => calls.push({ status, bytes: raw.length });
        if (url.searchParams.get('api-version') !== '2023-01-01') {
          record(400);
          return json(res, 400, { error: { code: 'InvalidApiVersion' } });
        }
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const expires = token ? valid.get(token) : undefined;
        if (expires === undefined || expires <= options.now()) {
          record(401);
          return json(res, 401, {
            error: { code: 'InvalidToken', message: 'The token is expired or invalid' },
          });
        }
        if (throttled > 0) {
          throttled -= 1;
          record(429);
          return json(
            res,
            429,
            { error: { code: 'TooManyRequests' } },
            { 'retry-after': String(retryAfter) },
          );
        }
        if (raw.length > ONE_MB) {
          record(413);
          return json(res, 413, { error: { code: 'ContentLengthLimitExceeded' } });
        }
        const body = JSON.parse(raw.toString('utf8')) as unknown;
        // A non-array body is accepted and ingests nothing (docs/siem.md).
        if (Array.isArray(body)) records.push(...(body as Array<Record<string, unknown>>));
        record(204);
        res.writeHead(204);
        return res.end();
      }
      json(res, 404, { error: { code: 'NotFound' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: base,
    tokenUrl: (tenant) => `${base}/${tenant}/oauth2/v2.0/token`,
    records,
    calls,
    tokens,
    throttle(n, seconds) {
      throttled += n;
      retryAfter = seconds;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

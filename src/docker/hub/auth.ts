import { ConfigError } from '../../errors.js';
import { DockerApiError } from '../errors.js';
import type { Http } from '../http.js';
import { apiUrl } from '../url.js';
import { AuthToken } from './schema.js';

export interface HubCredentials {
  org: string;
  /** The Docker ID that owns a PAT (DOCKER_USERNAME). */
  username?: string;
  /** A PAT (`dckr_pat_…`) or an OAT (`dckr_oat_…`). */
  token: string;
}

/** Hands out a bearer for Hub (and Enterprise Data) calls; `rejected` asks for a different one. */
export type BearerSource = (options?: { rejected?: string }) => Promise<string>;

const REFRESH_MARGIN_MS = 60_000;
// §1: "expires in 10 minutes"; used when the JWT's `exp` cannot be read.
const DEFAULT_TTL_MS = 10 * 60_000;

/** §1: a username for a PAT or password, the organization name for an OAT. */
export function tokenIdentifier({ org, username, token }: HubCredentials): string {
  if (token.startsWith('dckr_oat_')) return org;
  if (username) return username;
  if (token.startsWith('dckr_pat_')) {
    throw new ConfigError(
      'DOCKER_USERNAME: required with a personal access token (dckr_pat_…); set it to the Docker ID that owns the token, or use an organization access token (dckr_oat_…).',
    );
  }
  return org;
}

/** The JWT `exp` claim in epoch ms, or undefined when the token is not a readable JWT. */
export function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const exp = claims && typeof claims === 'object' ? (claims as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Exchanges the PAT/OAT at `POST /v2/auth/token` and caches the JWT until 60 s before it expires. Concurrent
 * callers share one exchange; a token reported as rejected is replaced once, not once per caller.
 */
export function createTokenCache(
  baseUrl: string,
  credentials: HubCredentials,
  http: Http,
  now: () => number,
) {
  let current: { jwt: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function exchange(): Promise<string> {
    const body = { identifier: tokenIdentifier(credentials), secret: credentials.token };
    const issuedAt = now();
    const { access_token: jwt } = await http.postJson(apiUrl(baseUrl, '/v2/auth/token'), body, AuthToken, {
      hints: {
        auth_failed: {
          what: 'DOCKER_TOKEN rejected',
          fix: 'Check the token and DOCKER_USERNAME (for a PAT) or DOCKER_ORG (for an OAT).',
        },
        forbidden: {
          what: 'DOCKER_TOKEN refused',
          fix: 'With SSO enforced use a personal or organization access token, not a password.',
        },
      },
    });
    const expiresAt = jwtExpiry(jwt) ?? issuedAt + DEFAULT_TTL_MS;
    current = { jwt, refreshAt: expiresAt - REFRESH_MARGIN_MS };
    return jwt;
  }

  const bearer: BearerSource = async (options = {}) => {
    if (current && options.rejected !== undefined && current.jwt === options.rejected) current = undefined;
    if (current && now() < current.refreshAt) return current.jwt;
    pending ??= exchange().finally(() => {
      pending = undefined;
    });
    return pending;
  };
  return bearer;
}

/** Runs an authenticated call; on a 401 it gets a fresh token once and retries the call once. */
export async function withBearer<T>(bearer: BearerSource, call: (jwt: string) => Promise<T>): Promise<T> {
  const jwt = await bearer();
  try {
    return await call(jwt);
  } catch (err) {
    if (!(err instanceof DockerApiError) || err.status !== 401) throw err;
    return call(await bearer({ rejected: jwt }));
  }
}

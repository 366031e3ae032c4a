import { InsightsError } from '../errors.js';

export type DockerErrorCode =
  | 'auth_failed'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'unavailable'
  | 'unreachable'
  | 'invalid_response'
  | 'too_large';

/** What went wrong in a few words, and the one sentence that says what to fix. */
export interface ErrorHint {
  what?: string;
  fix: string;
}

export type ErrorHints = Partial<Record<DockerErrorCode, ErrorHint>>;

const DEFAULT_HINTS: Record<DockerErrorCode, Required<ErrorHint>> = {
  auth_failed: { what: 'token rejected', fix: 'Check DOCKER_TOKEN.' },
  forbidden: {
    what: 'access denied',
    fix: 'Check that the token has the scope this call needs and that its account belongs to the organization.',
  },
  not_found: { what: 'not found', fix: 'Check DOCKER_ORG and the requested name.' },
  bad_request: { what: 'request refused', fix: 'This is a bug in Insights Bot; please report it.' },
  rate_limited: { what: 'rate limited', fix: 'Docker asked us to slow down; the next poll will try again.' },
  unavailable: {
    what: 'unreachable',
    fix: 'Docker may be down or the network blocked; the next poll will retry.',
  },
  unreachable: {
    what: 'cannot be reached',
    fix: 'Check the host and port of DOCKER_HUB_URL, DOCKER_API_URL or SCOUT_API_URL: the request cannot succeed as it is, so it is not retried.',
  },
  invalid_response: {
    what: 'unexpected response',
    fix: 'The API may have changed; check for an Insights Bot update.',
  },
  too_large: {
    what: 'answer too large',
    fix: 'Insights Bot reads no more than such an answer should ever need; check that the API URL points at Docker, and report it if it does.',
  },
};

/**
 * An upstream Docker failure, wrapped with its host and endpoint (`GET /v2/orgs/acme/members`, never the
 * query, which can hold a pre-signed signature) so the operator knows which API and which setting to fix.
 */
export class DockerApiError extends InsightsError {
  constructor(
    override readonly code: DockerErrorCode,
    readonly host: string,
    readonly endpoint: string,
    readonly status: number | undefined,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.name = 'DockerApiError';
  }
}

export function codeForStatus(status: number): DockerErrorCode {
  if (status === 401) return 'auth_failed';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

export interface DockerErrorInit {
  code: DockerErrorCode;
  host: string;
  endpoint: string;
  status?: number;
  /** Upstream detail (error envelope text, validation issue); never a token. */
  detail?: string;
  hints?: ErrorHints;
  cause?: unknown;
}

/** `hub.docker.com POST /v2/auth/token: DOCKER_TOKEN rejected (401 unauthenticated). Check …` */
export function dockerError(init: DockerErrorInit): DockerApiError {
  const base = DEFAULT_HINTS[init.code];
  const hint = init.hints?.[init.code];
  const what = hint?.what ?? base.what;
  const fix = hint?.fix ?? base.fix;
  const inside = [init.status, init.detail].filter((p) => p !== undefined && p !== '').join(' ');
  const paren = inside ? ` (${inside})` : '';
  const message = `${init.host} ${init.endpoint}: ${what}${paren}. ${fix}`;
  const options = init.cause === undefined ? undefined : { cause: init.cause };
  return new DockerApiError(init.code, init.host, init.endpoint, init.status, message, options);
}

/** Picks the readable part of Docker's several error envelopes (§2.3 `{error}`, §3.7 `{detail,message}`). */
export function upstreamDetail(text: string): string {
  let detail = text.trim();
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object') {
      const { error, detail: d, message } = body as Record<string, unknown>;
      // The audit-log 429 body has `"error": false` (§3.1), so only a string counts.
      const picked = [error, d, message].find((v): v is string => typeof v === 'string' && v !== '');
      if (picked !== undefined) detail = picked;
    }
  } catch {
    // not JSON: keep the text
  }
  return detail.length > 200 ? `${detail.slice(0, 200)}…` : detail;
}

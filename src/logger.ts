import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values are secret or personal, matched case-insensitively at any depth: exact names, and any
 * key ending in token, secret, password… (`botToken`, `client_secret`, `SIEM_SPLUNK_TOKEN`).
 */
const SECRET_KEYS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-slack-signature',
  'webhook-signature',
  'x-api-key',
  'apikey',
  'api_key',
  'email',
  'emails',
  'private_key',
  'privatekey',
]);
const SECRET_KEY_END = /(token|secret|password|passwd|passphrase|credentials?)$/i;

/** Secrets by their shape, wherever they appear in text, and what replaces them. */
const TOKEN_PATTERNS: Array<[RegExp, string]> = [
  [/\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g, '[token]'], // Slack bot, user, app, refresh tokens
  [/\bdckr_(?:pat|oat)_[A-Za-z0-9_-]+/g, '[token]'], // Docker personal and organization access tokens
  [/\bwhsec_[A-Za-z0-9+/=]+/g, '[token]'], // Standard Webhooks secrets
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[token]'], // JWTs (the exchanged Hub bearer)
  [/\bBearer[ \t]+[A-Za-z0-9._~+/=-]{16,}/g, 'Bearer [token]'],
  [/\bSplunk[ \t]+[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\b/g, 'Splunk [token]'], // HEC tokens
];
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Shorter configured values could be ordinary words; the schema asks for at least 8 characters anyway. */
const MIN_SECRET_LENGTH = 6;

/** Masks token shapes and email addresses inside free text (error messages from libraries). */
export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out.replace(EMAIL_PATTERN, '[email]');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Everything a log line may not carry, applied to the finished line: configured secret values anywhere
 * (keys, values, inside strings, in child bindings and serialized errors), secret keys at any depth,
 * token shapes and emails.
 */
export function createRedactor(secrets: readonly string[] = []): (line: string) => string {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  const known = values.length ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : null;
  const clean = (text: string) => scrub(known ? text.replace(known, '[redacted]') : text);
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return clean(value);
    if (value === null || typeof value !== 'object' || depth > 40) return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = clean(k);
      out[key] =
        SECRET_KEYS.has(k.toLowerCase()) || SECRET_KEY_END.test(k) ? '[redacted]' : walk(v, depth + 1);
    }
    return out;
  };
  return (line) => {
    const body = line.endsWith('\n') ? line.slice(0, -1) : line;
    try {
      return `${JSON.stringify(walk(JSON.parse(body), 0))}\n`;
    } catch {
      // Not one JSON object (never expected from pino): still mask what can be masked in the text.
      return `${clean(body)}\n`;
    }
  };
}

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
  /** The configured secret values (src/config.ts `secrets`): never written, at any depth. */
  secrets?: readonly string[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const redact = createRedactor(options.secrets);
  return pino(
    {
      level: options.level ?? 'info',
      formatters: { level: (label) => ({ level: label }) },
      // One place for every line: after serializers, with the child bindings included.
      hooks: { streamWrite: redact },
    },
    options.destination,
  );
}

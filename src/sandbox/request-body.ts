import type { IncomingMessage } from 'node:http';
import { parseMultipart } from './multipart.js';

/** Fields that Slack clients send as JSON strings inside form bodies. */
export const JSON_FIELDS = ['blocks', 'files', 'attachments', 'metadata', 'view'] as const;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; tooLarge: true };

/** Read a request body. Past `limit` bytes the rest is drained and dropped, and the result says so. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit * 4) {
        req.destroy(); // stop draining absurd bodies
      } else if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(tooLarge ? { ok: false, tooLarge: true } : { ok: true, body: Buffer.concat(chunks) }),
    );
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}

export interface ParsedArgs {
  args: Record<string, unknown>;
  token?: string;
  /** Set when the body could not be decoded: `invalid_arguments` or `invalid_blocks_format`. */
  error?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeBody(contentType: string | undefined, body: Buffer, args: Record<string, unknown>): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  try {
    if (body.length === 0) return true;
    if (type === 'application/json') {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (!isRecord(parsed)) return false;
      Object.assign(args, parsed);
    } else if (type === 'multipart/form-data') {
      for (const part of parseMultipart(body, contentType)) {
        args[part.name] = part.filename === undefined ? part.data.toString('utf8') : part.data;
      }
    } else if (type === 'application/x-www-form-urlencoded' || type === 'text/plain' || type === '') {
      Object.assign(args, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    } else {
      return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Decode Web API arguments from the query string and a urlencoded, multipart or JSON body (body wins).
 * JSON-valued fields are decoded; a field that is not valid JSON gives `invalid_blocks_format` (blocks)
 * or `invalid_arguments` (others). The `token` field is removed from the args and returned separately.
 */
export function parseApiArgs(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): ParsedArgs {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const decoded = decodeBody(contentType, body, args);
  const result: ParsedArgs = { args };
  if (typeof args.token === 'string' && args.token !== '') result.token = args.token;
  delete args.token;
  if (!decoded) return { ...result, error: 'invalid_arguments' };
  for (const field of JSON_FIELDS) {
    const raw = args[field];
    if (typeof raw !== 'string') continue;
    try {
      args[field] = JSON.parse(raw);
    } catch {
      return { ...result, error: field === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments' };
    }
  }
  return result;
}

/** A string argument, or undefined when absent or empty. Numbers are stringified. */
export function str(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A boolean argument as Slack reads it: true, 'true' or '1'. */
export function bool(args: Record<string, unknown>, key: string): boolean {
  const value = args[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

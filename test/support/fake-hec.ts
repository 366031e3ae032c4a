/**
 * A Splunk HTTP Event Collector as Splunk documents it (docs/siem.md): `POST /services/collector/event`
 * with `Authorization: Splunk <token>`, envelopes one after another in one body (with or without
 * whitespace between them), the documented replies and error codes, and indexer acknowledgment
 * (`X-Splunk-Request-Channel`, `ackId`, `POST /services/collector/ack` answering true once, then forgetting).
 * Fault injection: busy bursts (503 code 9), dropped connections, a bad event (400 code 6 with
 * `invalid-event-number`), acks that never turn true (the batch is lost, as an indexer crash would lose it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HecEnvelope {
  time?: number;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  event: Record<string, unknown>;
  fields?: Record<string, unknown>;
}

export interface FakeHec {
  readonly url: string;
  /** Every envelope indexed, in arrival order (a resent one appears again). */
  readonly indexed: HecEnvelope[];
  /** Requests to /services/collector/event, with their status. */
  readonly requests: Array<{ status: number; events: number; channel?: string }>;
  /** The next `n` event requests get 503 `Server is busy` (code 9). */
  busy(n: number): void;
  /** The next `n` event requests have their connection dropped before any answer (nothing indexed). */
  drop(n: number): void;
  /** Events this predicate picks are invalid (400 code 6, the index of the first one). */
  rejectEvents(pick: (e: HecEnvelope) => boolean): void;
  /** The next `n` acknowledged batches are never confirmed, and their events are lost. */
  loseAcks(n: number): void;
  /** Event requests get no answer until `release()` (a stalled indexer); resolves when the first arrives. */
  hang(): Promise<void>;
  /** Answers the stalled requests with 503 and stops stalling. */
  release(): void;
  /** The token the server accepts from now on (the bot's becomes invalid: 403 code 4). */
  setToken(token: string): void;
  close(): Promise<void>;
}

export async function startFakeHec(options: {
  token: string;
  ack?: boolean;
  /** Indexes the token may write to; default any. */
  indexes?: string[];
}): Promise<FakeHec> {
  let token = options.token;
  let busy = 0;
  let drop = 0;
  let lose = 0;
  let reject: (e: HecEnvelope) => boolean = () => false;
  let hanging: { arrived: () => void; held: ServerResponse[] } | null = null;
  let nextAck = 0;
  /** Per channel: ack id → true once indexed (false while lost). */
  const acks = new Map<string, Map<number, boolean>>();
  const indexed: HecEnvelope[] = [];
  const requests: FakeHec['requests'] = [];

  const reply = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  /** The documented authorization failures; null when the token is the one accepted. */
  const refusal = (req: IncomingMessage): [number, object] | null => {
    const auth = req.headers.authorization;
    if (!auth) return [401, { text: 'Token is required', code: 2 }];
    const m = /^Splunk (.+)$/.exec(auth);
    if (!m) return [401, { text: 'Invalid authorization', code: 3 }];
    if (m[1] !== token) return [403, { text: 'Invalid token', code: 4 }];
    return null;
  };
  const authorized = (req: IncomingMessage, res: ServerResponse): boolean => {
    const refused = refusal(req);
    if (refused) reply(res, ...refused);
    return refused === null;
  };

  async function event(req: IncomingMessage, res: ServerResponse, body: string) {
    const channel = req.headers['x-splunk-request-channel'] as string | undefined;
    const record = (status: number, events: number) => requests.push({ status, events, channel });
    if (drop > 0) {
      drop -= 1;
      record(0, 0);
      req.socket.destroy();
      return;
    }
    if (hanging) {
      hanging.held.push(res);
      hanging.arrived();
      return;
    }
    if (!authorized(req, res)) return record(res.statusCode, 0);
    if (busy > 0) {
      busy -= 1;
      record(503, 0);
      return reply(res, 503, { text: 'Server is busy', code: 9 });
    }
    if (options.ack && !channel) {
      record(400, 0);
      return reply(res, 400, { text: 'Data channel is missing', code: 10 });
    }
    const envelopes = parseConcatenated(body);
    if (!envelopes || envelopes.length === 0) {
      record(400, 0);
      return reply(res, 400, {
        text: envelopes ? 'No data' : 'Invalid data format',
        code: envelopes ? 5 : 6,
      });
    }
    const accepted: HecEnvelope[] = [];
    for (const [i, e] of envelopes.entries()) {
      if (options.indexes && e.index !== undefined && !options.indexes.includes(e.index)) {
        record(400, accepted.length);
        indexed.push(...accepted);
        return reply(res, 400, { text: 'Incorrect index', code: 7, 'invalid-event-number': i });
      }
      if (typeof e.event !== 'object' || e.event === null || reject(e)) {
        // HEC indexes the events before the bad one and stops.
        record(400, accepted.length);
        indexed.push(...accepted);
        return reply(res, 400, { text: 'Invalid data format', code: 6, 'invalid-event-number': i });
      }
      accepted.push(e);
    }
    record(200, accepted.length);
    if (!options.ack || !channel) {
      indexed.push(...accepted);
      return reply(res, 200, { text: 'Success', code: 0 });
    }
    const ackId = nextAck++;
    const mine = acks.get(channel) ?? new Map<number, boolean>();
    acks.set(channel, mine);
    if (lose > 0) {
      lose -= 1;
      mine.set(ackId, false);
    } else {
      indexed.push(...accepted);
      mine.set(ackId, true);
    }
    reply(res, 200, { text: 'Success', code: 0, ackId });
  }

  function ack(req: IncomingMessage, res: ServerResponse, body: string) {
    if (!authorized(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://x');
    const channel =
      (req.headers['x-splunk-request-channel'] as string | undefined) ?? url.searchParams.get('channel');
    if (!channel) return reply(res, 400, { text: 'Data channel is missing', code: 10 });
    let ids: unknown;
    try {
      ids = (JSON.parse(body) as { acks?: unknown }).acks;
    } catch {
      return reply(res, 400, { text: 'Invalid data format', code: 6 });
    }
    if (!Array.isArray(ids)) return reply(res, 400, { text: 'Invalid data format', code: 6 });
    const mine = acks.get(channel) ?? new Map<number, boolean>();
    const answer: Record<string, boolean> = {};
    for (const id of ids as number[]) {
      answer[String(id)] = mine.get(id) === true;
      // True once, then forgotten.
      if (mine.get(id) === true) mine.delete(id);
    }
    reply(res, 200, { acks: answer });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'POST' && (path === '/services/collector/event' || path === '/services/collector'))
        void event(req, res, body);
      else if (req.method === 'POST' && path === '/services/collector/ack') ack(req, res, body);
      else if (path === '/services/collector/health') reply(res, 200, { text: 'HEC is healthy', code: 17 });
      // Not Splunk's: how a benchmark in another process reads the count.
      else if (path === '/_fake/indexed') reply(res, 200, { indexed: indexed.length });
      else reply(res, 404, { text: 'Not found', code: 404 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    indexed,
    requests,
    busy: (n) => {
      busy += n;
    },
    drop: (n) => {
      drop += n;
    },
    rejectEvents: (pick) => {
      reject = pick;
    },
    loseAcks: (n) => {
      lose += n;
    },
    hang: () =>
      new Promise<void>((resolve) => {
        hanging = { arrived: resolve, held: [] };
      }),
    release: () => {
      const held = hanging?.held ?? [];
      hanging = null;
      for (const res of held) reply(res, 503, { text: 'Server is busy', code: 9 });
    },
    setToken: (t) => {
      token = t;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `{…}{…}` or `{…}\n{…}`: JSON objects one after another; null when the body is not that. */
export function parseConcatenated(body: string): HecEnvelope[] | null {
  const out: HecEnvelope[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth < 0) return null;
      if (depth === 0) {
        try {
          out.push(JSON.parse(body.slice(start, i + 1)) as HecEnvelope);
        } catch {
          return null;
        }
      }
    } else if (depth === 0 && !/\s/.test(ch ?? '')) return null;
  }
  return depth === 0 ? out : null;
}

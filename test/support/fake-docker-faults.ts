/**
 * Answers that go wrong after the headers, for the fake Docker servers: a body far larger than any page
 * (sent as it is generated, with no Content-Length, the way a misbehaving proxy streams), and a body that
 * stops halfway and never ends (a stalled download). Each is used once, by the first request whose path
 * starts with its prefix.
 */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FakeResponse } from './fake-docker-http.js';

export type BodyFault = { prefix: string } & ({ kind: 'oversize'; bytes: number } | { kind: 'stall' });

/** `bytes` of `head` then `row` again and again, generated 64 KB at a time. */
function endless(bytes: number, head: string, row: string): Readable {
  const chunk = Buffer.from(row.repeat(Math.ceil(65_536 / row.length)));
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) {
        sent += head.length;
        this.push(head);
      } else if (sent >= bytes) this.push(null);
      else {
        sent += chunk.length;
        this.push(chunk);
      }
    },
  });
}

/**
 * A body far past any answer, shaped like the real one so only its size is wrong: a JSON members page that
 * never closes its array, or a CSV report whose rows never end (its own rows, repeated).
 */
function oversized(real: FakeResponse, bytes: number): { type: string; body: Readable } {
  const type = real.headers['Content-Type'] ?? real.headers['content-type'] ?? '';
  if (type.startsWith('text/csv')) {
    const [head = '', ...rows] = real.body.split('\n').filter(Boolean);
    return { type, body: endless(bytes, `${head}\n`, `${rows.join('\n')}\n`) };
  }
  const row = JSON.stringify({ username: 'x'.repeat(40), email: 'x@example.com', role: 'Member' });
  return { type: 'application/json', body: endless(bytes, '{"results":[', `${row},`) };
}

/** Answers `res` as `fault` says; `real` is what the endpoint would have answered (its headers, its half). */
export function answerWithFault(fault: BodyFault, real: FakeResponse, res: ServerResponse): void {
  if (fault.kind === 'oversize') {
    const { type, body } = oversized(real, fault.bytes);
    res.writeHead(200, { 'content-type': type });
    res.on('close', () => body.destroy());
    body.pipe(res);
    return;
  }
  const body = Buffer.from(real.body, 'utf8');
  res.writeHead(real.status, { ...real.headers, 'Content-Length': String(body.length) });
  res.write(body.subarray(0, Math.floor(body.length / 2)));
  // …and nothing more: the connection stays open until the client gives up or the server closes.
}

import { describe, expect, it } from 'vitest';
import { cappedFetch, createSender, type FetchLike, OutgoingError } from './outgoing.js';

const limits = { maxBytes: 10, deadlineMs: 200 };

/** A body that sends `first` and then waits until the request is aborted. */
function stalling(first: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first));
      signal.addEventListener('abort', () => controller.error(signal.reason));
    },
  });
}

describe('send', () => {
  it('refuses an answer whose Content-Length is past the cap without reading it', async () => {
    let pulled = false;
    const body = new ReadableStream(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const fetch: FetchLike = async () => new Response(body, { headers: { 'content-length': '11' } });
    const err = await createSender(fetch)('https://api.example/x', { limits }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutgoingError);
    expect(err).toMatchObject({
      kind: 'too_large',
      message: 'api.example: larger than 10 bytes; stopped reading it',
    });
    expect(pulled).toBe(false);
  });

  it('stops reading a body without a length at the cap', async () => {
    const fetch: FetchLike = async () => new Response('0123456789abc');
    const res = await createSender(fetch)('https://api.example/x', { limits });
    await expect(res.text()).rejects.toMatchObject({ kind: 'too_large' });
  });

  it('ends a body that stops coming at the deadline, in text and as a stream', async () => {
    const fetch: FetchLike = async (_url, init) => new Response(stalling('ab', init.signal as AbortSignal));
    const send = createSender(fetch);
    const text = await send('https://siem.example/x', { limits })
      .then((r) => r.text())
      .catch((e: unknown) => e);
    expect(text).toMatchObject({
      kind: 'deadline',
      message: 'siem.example: no complete answer within 0.2 s',
    });
    const stream = (await send('https://siem.example/x', { limits })).stream(
      (e) => new Error(`mapped: ${String(e)}`),
    );
    const chunks: Buffer[] = [];
    const streamed = await (async () => {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    })().catch((e: unknown) => e);
    expect(Buffer.concat(chunks).toString()).toBe('ab');
    expect(String(streamed)).toContain(
      'mapped: OutgoingError: siem.example: no complete answer within 0.2 s',
    );
  });

  it('ends a call whose headers never come at the deadline', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const err = await createSender(fetch)('https://hub.example/x', { limits }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'deadline', host: 'hub.example' });
  });

  it('reads a body once', async () => {
    const fetch: FetchLike = async () => new Response('ok');
    const res = await createSender(fetch)('https://api.example/x', { limits });
    expect(await res.text()).toBe('ok');
    await expect(res.text()).rejects.toThrow('already read');
  });
});

describe('cappedFetch', () => {
  const answer = (body: string, headers: Record<string, string> = {}) =>
    (async () => new Response(body, { headers })) as unknown as typeof fetch;

  it('refuses a declared length past the cap before reading, and cuts an undeclared one at it', async () => {
    const declared = cappedFetch(10, answer('x', { 'content-length': '11' }));
    await expect(declared('https://slack.example/api/x')).rejects.toMatchObject({ kind: 'too_large' });
    const res = await cappedFetch(10, answer('0123456789abc'))('https://slack.example/api/x');
    await expect(res.text()).rejects.toMatchObject({
      message: 'slack.example: larger than 10 bytes; stopped reading it',
    });
  });

  it('gives the body as text, JSON or bytes, read once', async () => {
    const res = await cappedFetch(100, answer('{"ok":true}'))('https://slack.example/api/x');
    expect(await res.json()).toEqual({ ok: true });
    expect(await res.text()).toBe('{"ok":true}');
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('{"ok":true}');
  });
});

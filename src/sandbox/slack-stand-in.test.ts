import {
  ErrorCode,
  type Logger,
  LogLevel,
  WebClient,
  WebClientEvent,
  type WebClientOptions,
} from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MultipartError, parseMultipart } from './multipart.js';
import { type SlackStandIn, type StandInMessage, startSlackStandIn } from './slack-stand-in.js';

const TOKEN = 'xoxb-stand-in-test';

/** PNG signature plus bytes that look like multipart framing, to prove the parser is binary-safe. */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('\r\n--\r\n\r\n--boundary-lookalike\r\n'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);

let standIn: SlackStandIn;

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

function client(options: Partial<WebClientOptions> = {}): WebClient {
  return new WebClient(TOKEN, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    logger: silent,
    ...options,
  });
}

/** The Slack error code of a rejected WebClient call. */
async function slackError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const data = (error as { data?: { error?: unknown } }).data;
    return typeof data?.error === 'string' ? data.error : String(error);
  }
  throw new Error('expected the call to fail');
}

async function postForm(
  method: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const res = await fetch(`${standIn.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  standIn = await startSlackStandIn({ token: TOKEN });
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(() => {
  standIn.reset();
});

describe('Web API basics', () => {
  it('answers auth.test and records the call with its token', async () => {
    const res = await client().auth.test();
    expect(res).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM' });
    expect(standIn.calls).toHaveLength(1);
    expect(standIn.calls[0]).toMatchObject({ method: 'auth.test', token: TOKEN, status: 200 });
  });

  it('rejects missing and wrong tokens, unknown methods and malformed bodies', async () => {
    expect(await postForm('auth.test', '')).toEqual({ ok: false, error: 'not_authed' });
    expect(await postForm('auth.test', 'token=xoxb-wrong')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await postForm('nope.nothing', `token=${TOKEN}`)).toEqual({ ok: false, error: 'unknown_method' });
    expect(await postForm('toString', `token=${TOKEN}`)).toEqual({ ok: false, error: 'unknown_method' });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await postForm('chat.postMessage', 'channel=C0GENERAL&blocks=%5B%7B', auth)).toEqual({
      ok: false,
      error: 'invalid_blocks_format',
    });
    expect(
      await postForm('chat.postMessage', '{"channel":', { ...auth, 'content-type': 'application/json' }),
    ).toEqual({ ok: false, error: 'invalid_arguments' });
    const multipart = await postForm('chat.postMessage', '--x\r\nbroken', {
      ...auth,
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(multipart).toEqual({ ok: false, error: 'invalid_arguments' });
    expect(standIn.calls.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
  });

  it('caps body sizes', async () => {
    const res = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: `channel=C0GENERAL&text=${'x'.repeat(2 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(standIn.calls[0]).toMatchObject({ method: 'chat.postMessage', status: 413 });
  });

  it('accepts JSON bodies', async () => {
    const res = await postForm('chat.postMessage', JSON.stringify({ channel: 'C0GENERAL', text: 'json' }), {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json; charset=utf-8',
    });
    expect(res).toMatchObject({ ok: true, channel: 'C0GENERAL' });
    expect(standIn.history('C0GENERAL').map((m) => m.text)).toEqual(['json']);
  });
});

describe('chat methods', () => {
  it('round-trips postMessage, update and postEphemeral', async () => {
    const web = client();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Daily digest*' } }];
    const posted = await web.chat.postMessage({ channel: 'C0INSIGHTS', text: 'Daily digest', blocks });
    expect(posted).toMatchObject({
      ok: true,
      channel: 'C0INSIGHTS',
      message: { text: 'Daily digest', blocks },
    });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(standIn.calls[0]?.args).toMatchObject({ channel: 'C0INSIGHTS', blocks });

    const reply = await web.chat.postMessage({
      channel: 'C0INSIGHTS',
      text: 'in thread',
      thread_ts: posted.ts,
    });
    expect(Number(reply.ts)).toBeGreaterThan(Number(posted.ts));
    const nested = await web.chat.postMessage({ channel: 'C0INSIGHTS', text: 'nested', thread_ts: reply.ts });
    expect(standIn.thread('C0INSIGHTS', posted.ts ?? '').map((m) => m.ts)).toEqual([reply.ts, nested.ts]);

    const updated = await web.chat.update({
      channel: 'C0INSIGHTS',
      ts: posted.ts ?? '',
      text: 'Digest (updated)',
    });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'Digest (updated)' });
    const stored = standIn.history('C0INSIGHTS')[0];
    expect(stored).toMatchObject({ text: 'Digest (updated)', blocks, replaceCount: 1, user: 'U0BOT' });
    expect(stored?.editedAt).toBeTypeOf('number');

    const eph = await web.chat.postEphemeral({ channel: 'C0INSIGHTS', user: 'U0USER', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(standIn.history('C0INSIGHTS')).toHaveLength(3);
    expect(standIn.history('C0INSIGHTS', 'U0USER').at(-1)).toMatchObject({
      text: 'only you',
      ephemeralTo: 'U0USER',
    });

    expect(await slackError(web.chat.update({ channel: 'C0INSIGHTS', ts: '1.000000', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('refuses what Slack refuses', async () => {
    const web = client();
    expect(await slackError(web.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe(
      'channel_not_found',
    );
    expect(await slackError(web.chat.postMessage({ channel: 'C0GENERAL', text: '' }))).toBe('no_text');
    expect(await slackError(web.chat.postMessage({ channel: 'G0PRIVATE', text: 'x' }))).toBe(
      'not_in_channel',
    );
    standIn.addChannel({ id: 'C0OLD', name: 'old', isArchived: true, botIsMember: true });
    expect(await slackError(web.chat.postMessage({ channel: 'C0OLD', text: 'x' }))).toBe('is_archived');
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await slackError(web.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: tooMany }))).toBe(
      'invalid_blocks',
    );
    // chat:write.public: public channels work without joining.
    await expect(web.chat.postMessage({ channel: 'C0SECURITY', text: 'public' })).resolves.toMatchObject({
      ok: true,
    });
    await expect(web.chat.postMessage({ channel: '#general', text: 'by name' })).resolves.toMatchObject({
      channel: 'C0GENERAL',
    });
  });

  it('cannot update or delete messages the bot did not post', async () => {
    const human = standIn.addMessage({ channel: 'C0GENERAL', user: 'U0USER', text: 'hi bot' });
    const web = client();
    expect(await slackError(web.chat.update({ channel: 'C0GENERAL', ts: human.ts, text: 'x' }))).toBe(
      'cant_update_message',
    );
    expect(await slackError(web.chat.delete({ channel: 'C0GENERAL', ts: human.ts }))).toBe(
      'cant_delete_message',
    );
    const own = await web.chat.postMessage({ channel: 'C0GENERAL', text: 'mine' });
    const deleted: string[] = [];
    standIn.on('delete', (m) => deleted.push(m.ts));
    await web.chat.delete({ channel: 'C0GENERAL', ts: own.ts ?? '' });
    expect(deleted).toEqual([own.ts]);
    expect(standIn.history('C0GENERAL').map((m) => m.text)).toEqual(['hi bot']);
  });

  it('opens DMs with conversations.open and posts to user ids there', async () => {
    const web = client();
    const opened = await web.conversations.open({ users: 'U0ALICE' });
    const id = opened.channel?.id ?? '';
    expect(id).toMatch(/^D/);
    const again = await web.conversations.open({ users: 'U0ALICE' });
    expect(again.channel?.id).toBe(id);
    const posted = await web.chat.postMessage({ channel: 'U0ALICE', text: 'hello' });
    expect(posted.channel).toBe(id);
    const info = await web.conversations.info({ channel: id });
    expect(info.channel).toMatchObject({ is_im: true, is_member: true, user: 'U0ALICE' });
    standIn.reset();
    expect(standIn.channels.has(id)).toBe(false);
  });

  it('answers users.info and conversations.info', async () => {
    const web = client();
    const user = await web.users.info({ user: 'U0USER' });
    expect(user.user).toMatchObject({ id: 'U0USER', is_bot: false, team_id: 'T0TEAM' });
    const info = await web.conversations.info({ channel: 'G0PRIVATE' });
    expect(info.channel).toMatchObject({
      name: 'leadership',
      is_private: true,
      is_member: false,
      is_channel: false,
    });
    expect(await slackError(web.conversations.info({ channel: 'C0NOPE' }))).toBe('channel_not_found');
  });
});

describe('file uploads', () => {
  it('uploadV2 lands one message with the file and its exact bytes', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Containers, 30 days' } }];
    const res = await client().files.uploadV2({
      channel_id: 'C0INSIGHTS',
      file: PNG,
      filename: 'containers.png',
      title: 'Containers',
      alt_text: 'Line chart',
      blocks,
    });
    // uploadV2 resolves to { ok, files: [<completeUploadExternal response>] } (docs/slack-platform.md trap 5).
    const { files } = res as unknown as { files: Array<{ files?: Array<{ id?: string; title?: string }> }> };
    const completion = files[0];
    const fileId = completion?.files?.[0]?.id ?? '';
    expect(fileId).toMatch(/^F/);
    expect(completion?.files?.[0]?.title).toBe('Containers');

    expect(standIn.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'upload_url',
      'files.completeUploadExternal',
    ]);
    const file = standIn.files.get(fileId);
    expect(file?.bytes.equals(PNG)).toBe(true);
    expect(file).toMatchObject({ mimetype: 'image/png', altText: 'Line chart', channelId: 'C0INSIGHTS' });

    const messages = standIn.history('C0INSIGHTS');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ blocks, files: [{ id: fileId, filename: 'containers.png' }] });

    const served = await fetch(file?.url ?? '');
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('uses initial_comment as text, ignores blocks then, and threads CSV uploads', async () => {
    const web = client();
    const parent = await web.chat.postMessage({ channel: 'C0GENERAL', text: 'report' });
    await web.files.uploadV2({
      channel_id: 'C0GENERAL',
      thread_ts: parent.ts ?? '',
      content: 'day,count\n2026-08-01,3\n',
      filename: 'report.csv',
      initial_comment: 'CSV export',
      blocks: [{ type: 'divider' }],
    });
    const [reply] = standIn.thread('C0GENERAL', parent.ts ?? '');
    expect(reply).toMatchObject({ text: 'CSV export', threadTs: parent.ts });
    expect(reply?.blocks).toBeUndefined();
    const served = await fetch(reply?.files?.[0]?.url ?? '');
    expect(served.headers.get('content-type')).toBe('text/csv');
    expect(await served.text()).toBe('day,count\n2026-08-01,3\n');
  });

  it('gives not_in_channel for a public channel until conversations.join', async () => {
    const web = client();
    const upload = () => web.files.uploadV2({ channel_id: 'C0SECURITY', file: PNG, filename: 'a.png' });
    expect(await slackError(upload())).toBe('not_in_channel');
    expect(standIn.history('C0SECURITY')).toHaveLength(0);

    const joined = await web.conversations.join({ channel: 'C0SECURITY' });
    expect(joined).toMatchObject({
      ok: true,
      channel: { id: 'C0SECURITY', name: 'security', is_private: false },
    });
    expect(joined.warning).toBeUndefined();
    const again = await web.conversations.join({ channel: 'C0SECURITY' });
    expect(again.warning).toBe('already_in_channel');

    await upload();
    expect(standIn.history('C0SECURITY')[0]?.files).toHaveLength(1);
    standIn.reset();
    expect(standIn.channels.get('C0SECURITY')?.members.has('U0BOT')).toBe(false);
  });

  it('refuses joins of private channels and bad upload arguments', async () => {
    const web = client();
    expect(await slackError(web.conversations.join({ channel: 'G0PRIVATE' }))).toBe(
      'method_not_supported_for_channel_type',
    );
    expect(await slackError(web.conversations.join({ channel: 'C0NOPE' }))).toBe('channel_not_found');
    expect(await slackError(web.files.getUploadURLExternal({ filename: 'a.png', length: 0 }))).toBe(
      'missing_argument',
    );
    expect(await slackError(web.files.completeUploadExternal({ files: [{ id: 'F0NOPE' }] }))).toBe(
      'file_not_found',
    );
    const { file_id: pending } = await web.files.getUploadURLExternal({ filename: 'a.png', length: 3 });
    expect(await slackError(web.files.completeUploadExternal({ files: [{ id: pending ?? '' }] }))).toBe(
      'file_not_found',
    );
    const notFound = await fetch(`${standIn.url}/upload/F0NOPE`, { method: 'POST', body: 'abc' });
    expect(notFound.status).toBe(404);
  });

  it('accepts raw bytes at the upload URL and keeps files without channel_id private', async () => {
    const web = client();
    const { upload_url: uploadUrl, file_id: fileId } = await web.files.getUploadURLExternal({
      filename: 'raw.png',
      length: PNG.length,
    });
    const put = await fetch(uploadUrl ?? '', { method: 'POST', body: PNG });
    expect(await put.text()).toBe(`OK - ${PNG.length}`);
    const done = await web.files.completeUploadExternal({ files: [{ id: fileId ?? '', title: 'Raw' }] });
    expect(done.files?.[0]).toMatchObject({ id: fileId, title: 'Raw' });
    expect(standIn.messages).toHaveLength(0);
    expect(standIn.files.get(fileId ?? '')?.bytes.equals(PNG)).toBe(true);
  });
});

describe('failures', () => {
  it('lets the client retry after a queued 429', async () => {
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    const web = client({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const limited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => limited.push(seconds));
    const res = await web.chat.postMessage({ channel: 'C0GENERAL', text: 'after 429' });
    expect(res.ok).toBe(true);
    expect(limited).toEqual([0]);
    expect(standIn.calls.map((c) => [c.method, c.status])).toEqual([
      ['chat.postMessage', 429],
      ['chat.postMessage', 200],
    ]);
    expect(standIn.calls[0]?.response).toEqual({ ok: false, error: 'ratelimited' });
    expect(standIn.history('C0GENERAL')).toHaveLength(1);
  });

  it('answers a queued 500 and a queued Slack error once each', async () => {
    const web = client();
    standIn.failNext('chat.postMessage', { status: 500 });
    standIn.failNext('chat.postMessage', { error: 'internal_error' });
    await expect(web.chat.postMessage({ channel: 'C0GENERAL', text: 'a' })).rejects.toMatchObject({
      code: ErrorCode.HTTPError,
      statusCode: 500,
    });
    expect(await slackError(web.chat.postMessage({ channel: 'C0GENERAL', text: 'b' }))).toBe(
      'internal_error',
    );
    await expect(web.chat.postMessage({ channel: 'C0GENERAL', text: 'c' })).resolves.toMatchObject({
      ok: true,
    });
    expect(standIn.calls.map((c) => c.status)).toEqual([500, 200, 200]);
    expect(standIn.history('C0GENERAL').map((m) => m.text)).toEqual(['c']);
  });
});

describe('response_url', () => {
  async function respond(url: string, body: unknown): Promise<Response> {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('records ephemeral and in-channel responses, replaces and deletes', async () => {
    const url = standIn.responseUrl('C0SECURITY', 'U0USER');
    const first = await respond(url, { text: 'Working on it…' });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('ok');
    expect(standIn.history('C0SECURITY')).toHaveLength(0);
    expect(standIn.history('C0SECURITY', 'U0USER')).toMatchObject([
      { text: 'Working on it…', ephemeralTo: 'U0USER' },
    ]);

    await respond(url, { text: 'Done', replace_original: true });
    expect(standIn.history('C0SECURITY', 'U0USER')).toMatchObject([{ text: 'Done', replaceCount: 1 }]);

    await respond(url, { delete_original: true });
    expect(standIn.history('C0SECURITY', 'U0USER')).toHaveLength(0);

    await respond(url, { text: 'Shared', response_type: 'in_channel' });
    expect(standIn.history('C0SECURITY')).toMatchObject([{ text: 'Shared', viaResponseUrl: true }]);
    expect(standIn.calls.map((c) => c.method)).toEqual(Array(4).fill('response_url'));
  });

  it('replaces the message an action came from', async () => {
    const posted = await client().chat.postMessage({ channel: 'C0GENERAL', text: 'Alert', blocks: [] });
    const url = standIn.responseUrl('C0GENERAL', 'U0USER', posted.ts);
    await respond(url, { replace_original: true, text: 'Acknowledged', blocks: [{ type: 'divider' }] });
    expect(standIn.history('C0GENERAL')).toMatchObject([
      { ts: posted.ts, text: 'Acknowledged', replaceCount: 1 },
    ]);
  });

  it('answers 404 for unknown ids and 400 for bad payloads', async () => {
    expect((await respond(`${standIn.url}/response/nope`, { text: 'x' })).status).toBe(404);
    const url = standIn.responseUrl('C0GENERAL', 'U0USER');
    expect((await fetch(url, { method: 'POST', body: '{not json' })).status).toBe(400);
    expect((await respond(url, {})).status).toBe(400);
  });
});

describe('waitFor and events', () => {
  it('resolves on a later message and emits message events', async () => {
    const seen: StandInMessage[] = [];
    const off = standIn.on('message', (m) => seen.push(m));
    const waiting = standIn.waitFor((s) => s.history('C0GENERAL').find((m) => m.text === 'later'));
    await client().chat.postMessage({ channel: 'C0GENERAL', text: 'later' });
    await expect(waiting).resolves.toMatchObject({ text: 'later', channel: 'C0GENERAL' });
    off();
    await client().chat.postMessage({ channel: 'C0GENERAL', text: 'unseen' });
    expect(seen.map((m) => m.text)).toEqual(['later']);
  });

  it('resolves at once when the state already matches', async () => {
    await expect(standIn.waitFor((s) => s.channels.get('C0GENERAL'))).resolves.toMatchObject({
      name: 'general',
    });
  });

  it('rejects on timeout and lists recent calls', async () => {
    await client().auth.test();
    await expect(standIn.waitFor(() => false, 50)).rejects.toThrow(/timed out after 50 ms.*auth\.test 200/);
  });
});

describe('parseMultipart', () => {
  it('splits binary parts produced by FormData', async () => {
    const form = new FormData();
    form.append('title', 'chart');
    form.append('body', new Blob([new Uint8Array(PNG)]), 'Untitled');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const parts = parseMultipart(body, request.headers.get('content-type') ?? undefined);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([
      ['title', undefined],
      ['body', 'Untitled'],
    ]);
    expect(parts[1]?.data.equals(PNG)).toBe(true);
  });

  it('throws MultipartError on malformed input', () => {
    const type = 'multipart/form-data; boundary=b';
    expect(() => parseMultipart(Buffer.from('--b\r\nno-header-end'), type)).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data\r\n\r\nx'), type)).toThrow(
      MultipartError,
    );
    expect(() => parseMultipart(Buffer.from('x'), 'text/plain')).toThrow(MultipartError);
  });
});

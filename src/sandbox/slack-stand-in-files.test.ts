/** File uploads to the Slack stand-in: files.uploadV2's external upload, served bytes, files.info. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from './slack-stand-in.js';
import { client, PNG, slackError, startTestStandIn } from './slack-stand-in.test-support.js';

let standIn: SlackStandIn;

beforeAll(async () => {
  standIn = await startTestStandIn();
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(() => {
  standIn.reset();
});

describe('file uploads', () => {
  it('uploadV2 lands one message with the file and its exact bytes', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Containers, 30 days' } }];
    const res = await client(standIn).files.uploadV2({
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
    const web = client(standIn);
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
    const web = client(standIn);
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
    const web = client(standIn);
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
    const web = client(standIn);
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

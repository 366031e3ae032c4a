/** views.publish and views.open on the Slack stand-in, through the real WebClient. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackStandIn, startSlackStandIn } from './slack-stand-in.js';
import { client, PNG, slackError, TOKEN } from './slack-stand-in.test-support.js';

let standIn: SlackStandIn;
let clock = Date.parse('2026-11-21T08:00:00Z');

beforeAll(async () => {
  standIn = await startSlackStandIn({ token: TOKEN, now: () => clock });
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(() => {
  standIn.reset();
});

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = {
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Subscribe' },
  blocks: [],
};

describe('views.publish', () => {
  it("stores the user's Home tab and answers the view, keeping its id across publishes", async () => {
    const web = client(standIn);
    const first = await web.views.publish({
      user_id: 'U0ALICE',
      view: { type: 'home', blocks: [section('one')] },
    });
    expect(first.view).toMatchObject({ type: 'home', team_id: standIn.teamId, blocks: [section('one')] });
    const second = await web.views.publish({
      user_id: 'U0ALICE',
      view: { type: 'home', callback_id: 'home', blocks: [section('two')] },
      hash: first.view?.hash,
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(standIn.homeViews.get('U0ALICE')).toMatchObject({ callbackId: 'home', blocks: [section('two')] });
    // A stale hash: someone published in between.
    const stale = web.views.publish({
      user_id: 'U0ALICE',
      view: { type: 'home', blocks: [] },
      hash: first.view?.hash ?? 'x',
    });
    expect(await slackError(stale)).toBe('hash_conflict');
  });

  it("checks the user, the view's type, 100 blocks, 250 kB and slack_file images as Slack does", async () => {
    const web = client(standIn);
    const home = (blocks: unknown[]) => ({ type: 'home' as const, blocks: blocks as never[] });
    expect(await slackError(web.views.publish({ user_id: 'C0GENERAL', view: home([]) }))).toBe(
      'invalid_arguments',
    );
    expect(await slackError(web.views.publish({ user_id: 'U0ALICE', view: modal as never }))).toBe(
      'invalid_arguments',
    );
    const tooMany = Array.from({ length: 101 }, (_, i) => section(`block ${i}`));
    const err = await web.views.publish({ user_id: 'U0ALICE', view: home(tooMany) }).catch((e: unknown) => e);
    expect((err as { data?: { error?: string } }).data?.error).toBe('invalid_blocks');
    expect(JSON.stringify((err as { data?: unknown }).data)).toContain('no more than 100 items allowed');
    await web.views.publish({ user_id: 'U0ALICE', view: home(tooMany.slice(0, 100)) });
    const huge = [section('x'.repeat(3000))];
    const heavy = Array.from({ length: 90 }, () => huge[0]);
    expect(await slackError(web.views.publish({ user_id: 'U0ALICE', view: home(heavy) }))).toBe(
      'view_too_large',
    );
    const missing = [{ type: 'image', slack_file: { id: 'F0MISSING' }, alt_text: 'chart' }];
    expect(await slackError(web.views.publish({ user_id: 'U0ALICE', view: home(missing) }))).toBe(
      'invalid_blocks',
    );

    const up = (await web.files.uploadV2({ file: PNG, filename: 'home.png' })) as unknown as {
      files: Array<{ files: Array<{ id: string }> }>;
    };
    const id = up.files[0]?.files[0]?.id ?? '';
    const image = [{ type: 'image', slack_file: { id }, alt_text: 'chart' }];
    await web.views.publish({ user_id: 'U0ALICE', view: home(image) });
    expect(standIn.homeViews.get('U0ALICE')?.blocks).toEqual(image);
    // The private upload posted no message anywhere.
    expect(standIn.messages).toEqual([]);
    expect(standIn.calls.filter((c) => c.method === 'views.publish').map((c) => c.status)).toContain(200);
  });
});

describe('views.open', () => {
  it("opens a modal for the trigger's user, once per trigger, within 3 seconds", async () => {
    const web = client(standIn);
    const trigger = standIn.issueTrigger('U0ALICE');
    const opened = await web.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view).toMatchObject({ type: 'modal', title: modal.title });
    expect(standIn.modals).toHaveLength(1);
    expect(standIn.modals[0]).toMatchObject({ user: 'U0ALICE', type: 'modal' });
    expect(await slackError(web.views.open({ trigger_id: trigger, view: modal }))).toBe(
      'exchanged_trigger_id',
    );
    expect(await slackError(web.views.open({ trigger_id: '1.2.abc', view: modal }))).toBe(
      'invalid_trigger_id',
    );
    expect(await slackError(web.views.open({ trigger_id: 'not-a-trigger', view: modal }))).toBe(
      'invalid_trigger_id',
    );
    const late = standIn.issueTrigger('U0ALICE');
    clock += 3_001;
    expect(await slackError(web.views.open({ trigger_id: late, view: modal }))).toBe('expired_trigger_id');
    const titled = {
      ...modal,
      title: { type: 'plain_text' as const, text: 'A title much longer than Slack allows' },
    };
    const again = standIn.issueTrigger('U0ALICE');
    expect(await slackError(web.views.open({ trigger_id: again, view: titled }))).toBe('invalid_arguments');

    standIn.closeModal(standIn.modals[0]?.id ?? '');
    expect(standIn.modals[0]?.closed).toBe(true);
  });

  it("checks the view's own fields and its blocks as Slack does", async () => {
    const web = client(standIn);
    const input = {
      type: 'input',
      label: { type: 'plain_text', text: 'Channel' },
      element: { type: 'plain_text_input', action_id: 'a' },
    };
    const open = async (view: Record<string, unknown>) => {
      const err = await web.views
        .open({ trigger_id: standIn.issueTrigger('U0ALICE'), view: { ...modal, ...view } as never })
        .catch((e: unknown) => e);
      const data = (err as { data?: { error?: string; response_metadata?: { messages?: string[] } } }).data;
      return data ? `${data.error} ${data.response_metadata?.messages?.join(' ')}` : 'ok';
    };
    const text = (n: number) => ({ type: 'plain_text', text: 'x'.repeat(n) });
    expect(await open({ submit: text(24), close: text(24), callback_id: 'x'.repeat(255) })).toBe('ok');
    expect(await open({ submit: text(25) })).toBe(
      'invalid_arguments [ERROR] must be less than 25 characters [json-pointer:/view/submit/text]',
    );
    expect(await open({ close: text(25) })).toContain('[json-pointer:/view/close/text]');
    expect(await open({ callback_id: 'x'.repeat(256) })).toContain('[json-pointer:/view/callback_id]');
    expect(await open({ private_metadata: 'x'.repeat(3000) })).toBe('ok');
    expect(await open({ private_metadata: 'x'.repeat(3001) })).toBe(
      'invalid_arguments [ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
    );
    expect(await open({ blocks: [input] })).toBe(
      'invalid_arguments [ERROR] missing required field: submit [json-pointer:/view/submit]',
    );
    expect(await open({ blocks: [input], submit: text(6) })).toBe('ok');
    expect(await open({ blocks: [{ ...input, label: text(2001) }], submit: text(6) })).toBe(
      'invalid_blocks [ERROR] must be less than 2001 characters [json-pointer:/view/blocks/0/label/text]',
    );
    const home = { type: 'home', private_metadata: 'x'.repeat(3001), blocks: [] } as never;
    expect(await slackError(web.views.publish({ user_id: 'U0ALICE', view: home }))).toBe('invalid_arguments');
  });
});

/** Block Kit's documented limits in the Slack stand-in: ok at each maximum, refused one past it. */
import { describe, expect, it } from 'vitest';
import { blockKitProblem } from './slack-stand-in-blocks.js';

const x = (n: number) => 'x'.repeat(n);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const option = (text = 'One', value = 'one') => ({ text: plain(text), value });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`Option ${i}`, `v${i}`));
const button = (extra: Record<string, unknown> = {}) => ({
  type: 'button',
  text: plain('Go'),
  action_id: 'go',
  ...extra,
});
const actions = (...elements: unknown[]) => [{ type: 'actions', elements }];
const confirm = (extra: Record<string, unknown> = {}) => ({
  title: plain('Sure?'),
  text: mrkdwn('It cannot be undone.'),
  confirm: plain('Yes'),
  deny: plain('No'),
  ...extra,
});
const input = (extra: Record<string, unknown> = {}) => [
  { type: 'input', label: plain('Channel'), element: { type: 'plain_text_input', action_id: 'a' }, ...extra },
];
const image = (extra: Record<string, unknown> = {}) => [
  { type: 'image', image_url: 'https://example.com/a.png', alt_text: 'chart', ...extra },
];

/** [what, max characters, the blocks with a string of that length in place, the json-pointer of that string] */
const TEXT_LIMITS: [string, number, (s: string) => unknown[], string][] = [
  ['section text', 3000, (s) => [section(s)], '/blocks/0/text/text'],
  [
    'section field',
    2000,
    (s) => [{ type: 'section', fields: [mrkdwn('a'), plain(s)] }],
    '/blocks/0/fields/1/text',
  ],
  ['block_id', 255, (s) => [{ type: 'divider', block_id: s }], '/blocks/0/block_id'],
  ['header text', 150, (s) => [{ type: 'header', text: plain(s) }], '/blocks/0/text/text'],
  ['context text', 3000, (s) => [{ type: 'context', elements: [mrkdwn(s)] }], '/blocks/0/elements/0/text'],
  ['image alt_text', 2000, (s) => image({ alt_text: s }), '/blocks/0/alt_text'],
  ['image_url', 3000, (s) => image({ image_url: s }), '/blocks/0/image_url'],
  ['image title', 2000, (s) => image({ title: plain(s) }), '/blocks/0/title/text'],
  ['button text', 75, (s) => actions(button({ text: plain(s) })), '/blocks/0/elements/0/text/text'],
  ['button action_id', 255, (s) => actions(button({ action_id: s })), '/blocks/0/elements/0/action_id'],
  ['button value', 2000, (s) => actions(button({ value: s })), '/blocks/0/elements/0/value'],
  ['button url', 3000, (s) => actions(button({ url: s })), '/blocks/0/elements/0/url'],
  [
    'accessory button text',
    75,
    (s) => [{ ...section('a'), accessory: button({ text: plain(s) }) }],
    '/blocks/0/accessory/text/text',
  ],
  [
    'confirm title',
    100,
    (s) => actions(button({ confirm: confirm({ title: plain(s) }) })),
    '/blocks/0/elements/0/confirm/title/text',
  ],
  [
    'confirm text',
    300,
    (s) => actions(button({ confirm: confirm({ text: mrkdwn(s) }) })),
    '/blocks/0/elements/0/confirm/text/text',
  ],
  [
    'confirm button',
    30,
    (s) => actions(button({ confirm: confirm({ confirm: plain(s) }) })),
    '/blocks/0/elements/0/confirm/confirm/text',
  ],
  [
    'deny button',
    30,
    (s) => actions(button({ confirm: confirm({ deny: plain(s) }) })),
    '/blocks/0/elements/0/confirm/deny/text',
  ],
  [
    'option text',
    75,
    (s) => actions({ type: 'static_select', action_id: 'a', options: [option(s)] }),
    '/blocks/0/elements/0/options/0/text/text',
  ],
  [
    'option value',
    150,
    (s) => actions({ type: 'static_select', action_id: 'a', options: [option('One', s)] }),
    '/blocks/0/elements/0/options/0/value',
  ],
  [
    'placeholder',
    150,
    (s) => actions({ type: 'conversations_select', action_id: 'a', placeholder: plain(s) }),
    '/blocks/0/elements/0/placeholder/text',
  ],
  ['input label', 2000, (s) => input({ label: plain(s) }), '/blocks/0/label/text'],
  ['input hint', 2000, (s) => input({ hint: plain(s) }), '/blocks/0/hint/text'],
  ['markdown block', 12_000, (s) => [{ type: 'markdown', text: s }], '/blocks/0/text'],
];

/** [what, max items, the blocks with that many items, the json-pointer of the array] */
const ITEM_LIMITS: [string, number, (n: number) => unknown[], string][] = [
  [
    'section fields',
    10,
    (n) => [{ type: 'section', fields: Array(n).fill(mrkdwn('f')) }],
    '/blocks/0/fields',
  ],
  [
    'context elements',
    10,
    (n) => [{ type: 'context', elements: Array(n).fill(mrkdwn('c')) }],
    '/blocks/0/elements',
  ],
  [
    'actions elements',
    25,
    (n) => actions(...Array.from({ length: n }, () => button())),
    '/blocks/0/elements',
  ],
  [
    'static_select options',
    100,
    (n) => actions({ type: 'static_select', options: options(n) }),
    '/blocks/0/elements/0/options',
  ],
  [
    'overflow options',
    5,
    (n) => actions({ type: 'overflow', options: options(n) }),
    '/blocks/0/elements/0/options',
  ],
  [
    'radio_buttons options',
    10,
    (n) => input({ element: { type: 'radio_buttons', options: options(n) } }),
    '/blocks/0/element/options',
  ],
  [
    'checkboxes options',
    10,
    (n) => input({ element: { type: 'checkboxes', options: options(n) } }),
    '/blocks/0/element/options',
  ],
];

describe('blockKitProblem', () => {
  it.each(TEXT_LIMITS)('%s: ok at %i characters, refused at one more', (_, max, build, pointer) => {
    expect(blockKitProblem(build(x(max)))).toBeUndefined();
    expect(blockKitProblem(build(x(max + 1)))).toEqual({
      message: `[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}]`,
    });
  });

  it.each(ITEM_LIMITS)('%s: ok with %i items, refused with one more', (_, max, build, pointer) => {
    expect(blockKitProblem(build(max))).toBeUndefined();
    expect(blockKitProblem(build(max + 1))).toEqual({
      message: `[ERROR] no more than ${max} items allowed [json-pointer:${pointer}]`,
    });
  });

  it('wants at least two overflow options, one context element and text in every text object', () => {
    expect(blockKitProblem(actions({ type: 'overflow', options: options(2) }))).toBeUndefined();
    expect(blockKitProblem(actions({ type: 'overflow', options: options(1) }))?.message).toBe(
      '[ERROR] must provide at least 2 items [json-pointer:/blocks/0/elements/0/options]',
    );
    expect(blockKitProblem([{ type: 'context', elements: [] }])?.message).toContain('/blocks/0/elements]');
    expect(blockKitProblem([section('')])?.message).toBe(
      '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    );
    expect(blockKitProblem([{ type: 'section' }])?.message).toBe(
      '[ERROR] missing required field: text [json-pointer:/blocks/0]',
    );
  });

  it('takes plain_text or mrkdwn, and plain_text only where Slack says so', () => {
    expect(blockKitProblem([{ type: 'section', text: { type: 'markdown', text: 'a' } }])?.message).toBe(
      '[ERROR] must be one of: plain_text, mrkdwn [json-pointer:/blocks/0/text/type]',
    );
    const refusedMrkdwn: [unknown[], string][] = [
      [[{ type: 'header', text: mrkdwn('Title') }], '/blocks/0/text/type'],
      [actions(button({ text: mrkdwn('Go') })), '/blocks/0/elements/0/text/type'],
      [
        actions(button({ confirm: confirm({ title: mrkdwn('Sure?') }) })),
        '/blocks/0/elements/0/confirm/title/type',
      ],
      [input({ label: mrkdwn('Channel') }), '/blocks/0/label/type'],
      [image({ title: mrkdwn('Chart') }), '/blocks/0/title/type'],
      [
        actions({ type: 'static_select', options: [{ text: mrkdwn('a'), value: 'a' }] }),
        '/options/0/text/type',
      ],
    ];
    for (const [blocks, pointer] of refusedMrkdwn) {
      expect(blockKitProblem(blocks)?.message).toMatch(
        new RegExp(`^\\[ERROR\\] must be one of: plain_text \\[json-pointer:.*${pointer}\\]$`),
      );
    }
    // Radio buttons and checkboxes may show mrkdwn options.
    const radio = { type: 'radio_buttons', options: [{ text: mrkdwn('*a*'), value: 'a' }] };
    expect(blockKitProblem(input({ element: radio }))).toBeUndefined();
  });

  it('checks styles, required fields and confirm dialogs', () => {
    expect(
      blockKitProblem(actions(button({ style: 'primary' }), button({ style: 'danger' }))),
    ).toBeUndefined();
    expect(blockKitProblem(actions(button({ style: 'secondary' })))?.message).toBe(
      '[ERROR] must be one of: primary, danger [json-pointer:/blocks/0/elements/0/style]',
    );
    expect(blockKitProblem([{ type: 'image', image_url: 'https://example.com/a.png' }])?.message).toBe(
      '[ERROR] missing required field: alt_text [json-pointer:/blocks/0]',
    );
    expect(blockKitProblem([{ type: 'header' }])?.message).toBe(
      '[ERROR] missing required field: text [json-pointer:/blocks/0]',
    );
    expect(blockKitProblem([{ type: 'input', label: plain('L') }])?.message).toBe(
      '[ERROR] missing required field: element [json-pointer:/blocks/0]',
    );
    expect(blockKitProblem(actions(button({ confirm: { title: plain('Sure?') } })))?.message).toBe(
      '[ERROR] missing required field: text [json-pointer:/blocks/0/elements/0/confirm]',
    );
    expect(blockKitProblem(actions(button({ confirm: confirm({ style: 'danger' }) })))).toBeUndefined();
  });

  it('checks each block in turn, names views under /view/blocks, and passes blocks it does not model', () => {
    const fine = [
      { type: 'divider' },
      { type: 'rich_text', elements: [] },
      { type: 'video', title: plain(x(500)) },
      section('ok'),
      {
        type: 'context',
        elements: [mrkdwn('a'), { type: 'image', image_url: 'https://e.com/i.png', alt_text: 'i' }],
      },
    ];
    expect(blockKitProblem(fine)).toBeUndefined();
    expect(blockKitProblem([...fine, section(x(3001))], '/view/blocks')?.message).toBe(
      '[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/5/text/text]',
    );
  });

  it('shares 12,000 characters among the markdown blocks of a message', () => {
    const md = (n: number) => ({ type: 'markdown', text: x(n) });
    expect(blockKitProblem([md(6000), md(6000)])).toBeUndefined();
    expect(blockKitProblem([md(6000), md(6001)])?.message).toContain('[json-pointer:/blocks/1/text]');
  });
});

import { describe, expect, it } from 'vitest';
import { alertGroupMessage } from '../../render/alert-blocks.js';
import { PAGE_JS } from './page-js.js';
import type { PageMessage, RenderContext } from './page-types.js';
import { sandboxRenderer } from './render.js';

const R = sandboxRenderer();
const ctx: RenderContext = {
  users: { U0BOT: 'Insights Bot', U0SANDBOX: 'Sandbox User' },
  channels: { C0INSIGHTS: 'docker-insights' },
  time: () => '09:41',
};
const md = (text: string) => R.mrkdwn(text, ctx);

function message(over: Partial<PageMessage> = {}): PageMessage {
  return {
    channel: 'C0INSIGHTS',
    ts: '1763715660.000100',
    user: 'U0BOT',
    isBot: true,
    text: '',
    blocks: [],
    attachments: [],
    files: [],
    ephemeral: false,
    edited: false,
    ...over,
  };
}

describe('mrkdwn', () => {
  it('renders bold, italic, strike, code and code blocks', () => {
    expect(md('*bold* and _italic_ and ~gone~')).toBe(
      '<strong>bold</strong> and <em>italic</em> and <del>gone</del>',
    );
    expect(md('run `/insights help` now')).toBe('run <code>/insights help</code> now');
    expect(md('```a *b*\n<c>```')).toBe('<pre class="mk-pre">a *b*\n&lt;c&gt;</pre>');
    expect(md('*_both_*')).toBe('<strong><em>both</em></strong>');
    expect(md('line one\nline two')).toBe('line one<br>line two');
  });

  it('leaves marks inside words and unbalanced marks alone', () => {
    expect(md('alert_silence_1h')).toBe('alert_silence_1h');
    expect(md('2 * 3 * 4')).toBe('2 * 3 * 4');
    expect(md('a*b*c')).toBe('a*b*c');
    expect(md('* not bold *')).toBe('* not bold *');
  });

  it('escapes HTML, including what Slack escaped', () => {
    expect(md('<script>alert(1)</script>')).not.toContain('<script');
    expect(md('a &lt;b&gt; &amp; "c" \'d\'')).toBe('a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;');
    expect(md('*<img src=x onerror=alert(1)>*')).not.toMatch(/<img/);
    expect(md('`<b>`')).toBe('<code>&lt;b&gt;</code>');
  });

  it('renders links, keeping only http(s) and mailto', () => {
    expect(md('<https://docs.docker.com/x?a=1&amp;b=2|the docs>')).toBe(
      '<a href="https://docs.docker.com/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    );
    expect(md('<https://example.com>')).toContain('>https://example.com</a>');
    expect(md('<javascript:alert(1)|click>')).toBe('click');
    expect(md('<https://x.test/"onmouseover="alert(1)|x>')).toContain(
      'href="https://x.test/&quot;onmouseover=',
    );
  });

  it('renders user, channel and special mentions', () => {
    expect(md('by <@U0SANDBOX>')).toBe('by <span class="mention">@Sandbox User</span>');
    expect(md('<@U0OTHER>')).toBe('<span class="mention">@U0OTHER</span>');
    expect(md('in <#C0INSIGHTS>')).toBe('in <span class="mention">#docker-insights</span>');
    expect(md('<#C0NEW|new-channel>')).toBe('<span class="mention">#new-channel</span>');
    expect(md('<!here>')).toBe('<span class="mention">@here</span>');
    expect(md('<!subteam^S0ADMINS>')).toBe('<span class="mention">@S0ADMINS</span>');
    expect(md('<!date^1392734382^{date_short}|Feb 18>')).toBe('Feb 18');
    expect(md('*<@U0SANDBOX>*')).toBe('<strong><span class="mention">@Sandbox User</span></strong>');
  });

  it('turns known emoji shortcodes into emoji and leaves the rest', () => {
    expect(md(':rotating_light: *High*')).toBe(
      '<span class="emoji" role="img" aria-label="rotating light" title=":rotating_light:">🚨</span> <strong>High</strong>',
    );
    expect(md('_:no_bell: silenced_')).toBe(
      '<em><span class="emoji" role="img" aria-label="no bell" title=":no_bell:">🔕</span> silenced</em>',
    );
    expect(md(':not_an_emoji:')).toBe(':not_an_emoji:');
  });

  it('renders quotes at line starts only', () => {
    expect(md('&gt; quoted\nplain')).toBe('<span class="mk-quote">quoted</span><br>plain');
    expect(md('`x` &gt; y')).toBe('<code>x</code> &gt; y');
  });
});

describe('Block Kit', () => {
  it('renders header, section text and fields, context, divider', () => {
    const html = R.blocks(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Containers <b> :whale:', emoji: true } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Totals*' },
          fields: [
            { type: 'mrkdwn', text: '*Containers run*\n1,234' },
            { type: 'plain_text', text: '*not bold*' },
          ],
        },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'data as of 2026-11-20' }] },
      ],
      ctx,
    );
    expect(html).toContain(
      '<div class="bk-header" role="heading" aria-level="3">Containers &lt;b&gt; <span class="emoji" role="img" aria-label="whale" title=":whale:">🐳</span></div>',
    );
    expect(html).toContain('<div class="bk-field"><strong>Containers run</strong><br>1,234</div>');
    expect(html).toContain('<div class="bk-field">*not bold*</div>');
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).toContain(
      '<div class="bk-context"><span class="bk-context-text">data as of 2026-11-20</span></div>',
    );
  });

  it('renders buttons with styles, values and url buttons as links', () => {
    const html = R.block(
      {
        type: 'actions',
        block_id: 'alert:0',
        elements: [
          {
            type: 'button',
            action_id: 'alert_ack',
            text: { type: 'plain_text', text: 'Acknowledge' },
            value: 'fp"1',
            style: 'primary',
          },
          {
            type: 'button',
            action_id: 'alert_silence_1d',
            text: { type: 'plain_text', text: 'Silence 1 day' },
            value: 'fp"1',
          },
          {
            type: 'button',
            action_id: 'delete',
            text: { type: 'plain_text', text: 'Delete' },
            style: 'danger',
          },
          {
            type: 'button',
            action_id: 'alert_open',
            text: { type: 'plain_text', text: 'Open in Docker' },
            url: 'https://app.docker.com/x',
          },
          {
            type: 'button',
            action_id: 'bad',
            text: { type: 'plain_text', text: 'Bad' },
            url: 'javascript:alert(1)',
          },
          { type: 'static_select', action_id: 'pick', placeholder: { type: 'plain_text', text: 'Pick one' } },
        ],
      },
      ctx,
    );
    expect(html).toContain(
      '<button type="button" class="bk-btn bk-btn-primary" data-action-id="alert_ack" data-block-id="alert:0" data-value="fp&quot;1">Acknowledge</button>',
    );
    expect(html).toContain(
      'data-action-id="alert_silence_1d" data-block-id="alert:0" data-value="fp&quot;1">Silence 1 day</button>',
    );
    expect(html).toContain('class="bk-btn bk-btn-danger"');
    expect(html).toContain(
      '<a class="bk-btn" href="https://app.docker.com/x" target="_blank" rel="noopener noreferrer" data-action-id="alert_open" data-block-id="alert:0">Open in Docker',
    );
    expect(html).toContain(
      '<button type="button" class="bk-btn" data-action-id="bad" data-block-id="alert:0">Bad</button>',
    );
    expect(html).toContain('disabled');
    expect(html).toContain('Pick one');
    expect(html).not.toContain('javascript:');
  });

  it('renders image blocks from slack_file, the sandbox files and http(s) only', () => {
    const img = (b: object) => R.block({ type: 'image', alt_text: 'chart "x"', ...b }, ctx);
    expect(img({ slack_file: { id: 'F1', url: '/sandbox/files/F1/chart.png' } })).toContain(
      '<img class="bk-image-img" src="/sandbox/files/F1/chart.png" alt="chart &quot;x&quot;">',
    );
    expect(img({ slack_file: { id: 'F2' } })).toContain('src="/sandbox/files/F2/image"');
    expect(
      img({ image_url: 'https://example.com/a.png', title: { type: 'plain_text', text: 'A' } }),
    ).toContain('<figcaption>A</figcaption><img class="bk-image-img" src="https://example.com/a.png"');
    expect(img({ image_url: 'javascript:alert(1)' })).not.toContain('<img');
  });

  it('says which blocks it does not know', () => {
    expect(R.block({ type: 'video' }, ctx)).toBe('<div class="bk-unsupported">[video block]</div>');
    expect(R.block({ type: '<b>' }, ctx)).toContain('[&lt;b&gt; block]');
    expect(R.blocks([null, 'x', 3], ctx)).toBe('');
  });

  it('renders an alert message of the bot as its buttons and status line', () => {
    const alert = {
      fingerprint: 'drift:bob',
      kind: 'drift',
      severity: 'high',
      state: 'open',
      title: 'bob is non-compliant',
      facts: [['User', 'bob']],
      advice: 'Ask bob to sign in.',
      link: 'https://app.docker.com/admin',
      episode: 1,
      openedAt: new Date('2026-11-21T08:00:00Z'),
      oneShot: false,
    };
    const { blocks } = alertGroupMessage(':rotating_light: 1 new drift alert', [
      { alert: alert as never, episode: 1, silencedUntil: new Date('2026-11-22T08:00:00Z') },
    ]);
    const html = R.blocks(blocks, ctx).replace(/<span class="emoji"[^>]*>(.*?)<\/span>/gu, '$1');
    expect(html).toContain('🚨 1 new drift alert');
    expect(html).toContain('🔴 <strong>High</strong> · <strong>bob is non-compliant</strong>');
    expect(html).toContain('🔕 Silenced until 22 Nov 2026, 08:00 UTC');
    expect(html).toContain(
      'data-action-id="alert_silence_1d" data-block-id="alert:0" data-value="drift:bob"',
    );
  });
});

describe('messages', () => {
  it('shows author, app badge, time, and the blocks instead of the fallback text', () => {
    const html = R.message(
      message({ text: 'fallback', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }] }),
      ctx,
    );
    expect(html).toContain('<div class="avatar tone-');
    expect(html).toContain('>IB</div>');
    expect(html).toContain('<span class="msg-author">Insights Bot</span><span class="badge">APP</span>');
    expect(html).toContain('<time datetime="2025-11-21T09:01:00.000Z">09:41</time>');
    expect(html).toContain('<strong>hi</strong>');
    expect(html).not.toContain('fallback');
  });

  it('marks ephemeral and edited messages', () => {
    const html = R.message(message({ text: 'just you', ephemeral: true, edited: true }), ctx);
    expect(html).toContain('Only visible to you');
    expect(html).toContain('<span class="edited">(edited)</span>');
    expect(R.message(message({ text: 'all' }), ctx)).not.toMatch(/Only visible|edited/);
  });

  it('shows PNG files inline and other files as downloads', () => {
    const html = R.message(
      message({
        files: [
          {
            id: 'F1',
            name: 'acme-digest-2026-11-20.png',
            title: 'Digest',
            mimetype: 'image/png',
            url: '/sandbox/files/F1/acme-digest-2026-11-20.png',
          },
          { id: 'F2', name: 'users<1>.csv', mimetype: 'text/csv', url: '/sandbox/files/F2/users%3C1%3E.csv' },
          { id: 'F3', name: 'evil.png', mimetype: 'image/png', url: 'javascript:alert(1)' },
        ],
      }),
      ctx,
    );
    expect(html).toContain(
      '<img src="/sandbox/files/F1/acme-digest-2026-11-20.png" alt="Digest" data-file-name="acme-digest-2026-11-20.png">',
    );
    expect(html).toContain(
      '<a class="file-card" href="/sandbox/files/F2/users%3C1%3E.csv" download="users&lt;1&gt;.csv"',
    );
    expect(html).toContain('>CSV</span>');
    expect(html).not.toContain('javascript:');
  });

  it('uses initials for avatars', () => {
    expect(R.initials('Sandbox User')).toBe('SU');
    expect(R.initials('U0ALICE')).toBe('U0');
    expect(R.initials('')).toBe('?');
  });
});

describe('the browser script', () => {
  it('carries a self-contained copy of the renderer', () => {
    const source = PAGE_JS.slice(
      PAGE_JS.indexOf('const sandboxRenderer = '),
      PAGE_JS.indexOf('\nconst R = '),
    );
    const shipped = new Function(
      `const __name = (f) => f; ${source}; return sandboxRenderer();`,
    )() as typeof R;
    const sample = message({
      text: '*x* <@U0SANDBOX> <https://a.test|a> :eyes:',
      files: [{ id: 'F1', name: 'a.csv', mimetype: 'text/csv', url: '/sandbox/files/F1/a.csv' }],
    });
    expect(shipped.message(sample, ctx)).toBe(R.message(sample, ctx));
  });
});

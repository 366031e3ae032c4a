/** manifest.yml creates the Slack app: what the bot listens to must be switched on there. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const manifest = await readFile(new URL('../manifest.yml', import.meta.url), 'utf8');
/** The manifest without its comments, so a commented-out line does not count. */
const live = manifest
  .split('\n')
  .map((line) => line.replace(/\s+#.*$/, ''))
  .filter((line) => !/^\s*#/.test(line))
  .join('\n');

describe('manifest.yml', () => {
  it('turns the Home tab on and subscribes the bot to app_home_opened', () => {
    expect(live).toMatch(/app_home:\n(\s+\w+: \w+\n)*\s+home_tab_enabled: true/);
    expect(live).toMatch(/event_subscriptions:\n\s+bot_events:\n\s+- app_home_opened/);
    expect(live).toMatch(/interactivity:\n\s+is_enabled: true/);
  });

  const scopes = /bot:\n((\s+- [\w:.]+\n?)+)/.exec(live)?.[1]?.match(/[\w:.]+$/gm) ?? [];

  it('asks for the scopes the seats work uses: users.lookupByEmail and DMs', () => {
    expect(scopes).toEqual(
      expect.arrayContaining(['users:read', 'users:read.email', 'im:write', 'chat:write']),
    );
  });

  it('can check every kind of conversation a subscription is typed in (conversations.info)', () => {
    // Without im:read / mpim:read, Slack answers missing_scope for a DM, and it would be subscribed unchecked.
    expect(scopes).toEqual(expect.arrayContaining(['channels:read', 'groups:read', 'im:read', 'mpim:read']));
  });
});

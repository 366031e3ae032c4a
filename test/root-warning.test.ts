import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/bot-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a bot running as root', () => {
  // The tests run as root here (as many containers do); run as another user, the line must be absent.
  it('says so at start in one warning that names what it means and what to do', () => {
    const root = process.getuid?.() === 0;
    const lines = h.logs.lines.map((l) => JSON.parse(l) as { level: string; msg: string; uid?: number });
    const warnings = lines.filter((l) => l.msg.startsWith('running as root'));
    expect(warnings).toHaveLength(root ? 1 : 0);
    if (root) {
      expect(warnings[0]).toMatchObject({ level: 'warn', uid: 0 });
      expect(warnings[0]?.msg).toMatch(/"postgres" user, .*mode 0700.*; run the bot as an unprivileged user/);
    }
  });
});

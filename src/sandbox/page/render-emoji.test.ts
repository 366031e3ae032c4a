import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxRenderer } from './render.js';

const SRC = new URL('../../', import.meta.url).pathname;
/** A `:shortcode:` standing on its own in the text (not `${key}:resolved:${…}` or `::date`). */
const SHORTCODE = /(?<![\w}:/$])(:[a-z][a-z0-9_+-]*:)(?![\w{$])/g;

/** The shortcodes the bot's own code writes into messages: every source file but tests and this page. */
async function shortcodesInSource(): Promise<Set<string>> {
  const found = new Set<string>();
  const files = (await readdir(SRC, { recursive: true })).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith(join('sandbox', 'page')),
  );
  for (const file of files) {
    for (const m of (await readFile(join(SRC, file), 'utf8')).matchAll(SHORTCODE)) found.add(m[1] ?? '');
  }
  return found;
}

describe('the sandbox page and the bot’s emoji', () => {
  it('draws every shortcode the bot uses as an emoji, none as raw text (:test_tube:, :inbox_tray:)', async () => {
    const codes = await shortcodesInSource();
    expect(codes).toContain(':test_tube:');
    expect(codes).toContain(':inbox_tray:');
    const R = sandboxRenderer();
    const ctx = { users: {}, channels: {}, time: () => '09:41' };
    const raw = [...codes].filter((code) => !R.mrkdwn(`a ${code} b`, ctx).includes('role="img"'));
    expect(raw).toEqual([]);
  });
});

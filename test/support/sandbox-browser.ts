import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createLogger } from '../../src/logger.js';
import { type RunningBot, startBot } from '../../src/main.js';

export const SCREENS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'insights-sandbox-screens');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * The bot's clock runs from 06:00 UTC, before the digest's default 09:00: no digest is due until
 * "Advance a data day", whenever the test runs.
 */
const START = Date.parse('2026-11-21T06:00:00Z');

/** The real bot in sandbox mode and a headless Chromium page (Debian's) beside it; screenshots go to SCREENS. */
export async function startSandboxBrowser(): Promise<{ bot: RunningBot; browser: Browser; page: Page }> {
  const startedAt = Date.now();
  const [bot, browser] = await Promise.all([
    startBot({
      env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://', RENDER_WORKERS: '1' },
      logger: createLogger({ level: 'warn' }),
      now: () => new Date(START + (Date.now() - startedAt)),
    }),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] }),
  ]);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await mkdir(SCREENS, { recursive: true });
  return { bot, browser, page };
}

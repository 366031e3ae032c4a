/**
 * The sandbox page's App Home in a real browser (Chromium through playwright-core) against the real bot
 * in sandbox mode: opening the Home tab publishes it, an alert is acknowledged from it, and a channel is
 * subscribed through its modal. Screenshots go to SCREENSHOT_DIR (default: <tmp>/insights-sandbox-screens).
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../src/main.js';
import { SCREENS, startSandboxBrowser } from './support/sandbox-browser.js';

const WAIT = { timeout: 15_000 };

let bot: RunningBot;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ bot, browser, page } = await startSandboxBrowser());
  await page.goto(`http://127.0.0.1:${bot.port}/`);
  await page.locator('#connection', { hasText: 'Connected' }).waitFor(WAIT);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bot?.close();
});

const home = () => page.locator('#home');

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: false });
}

describe('the sandbox page’s Home tab', () => {
  it('opens the Home tab like Slack: the organization at a glance, its image and the onboarding', async () => {
    // Open alerts to show: the sample compliance report has drifting users.
    await page.getByRole('button', { name: 'Import sample compliance report' }).click();
    await page.locator('#status', { hasText: 'Imported sample report' }).waitFor(WAIT);

    await page.getByRole('link', { name: 'Insights Bot · Home' }).click();
    await expect.poll(() => page.locator('#channel-title').textContent()).toBe('Insights Bot · Home');
    await expect(page.locator('#composer').isHidden()).resolves.toBe(true);
    const view = home().locator('.home-view');
    await view.waitFor(WAIT);
    await expect(view.locator('.bk-header').first().textContent()).resolves.toBe('Docker Insights — acme');
    await expect(view.textContent()).resolves.toMatch(/Demo data — made-up figures/);
    await expect(view.textContent()).resolves.toMatch(/Welcome to Insights, @Sandbox User/);
    await expect(view.textContent()).resolves.toMatch(/data as of 2026-11-20/);
    await expect(view.textContent()).resolves.toMatch(/Open alerts: [1-9]/);
    const image = view.locator('figure.bk-image img');
    await image.waitFor(WAIT);
    await page.waitForFunction(
      (img) => {
        const shown = img as { complete?: boolean; naturalWidth?: number } | null;
        return Boolean(shown?.complete) && (shown?.naturalWidth ?? 0) > 0;
      },
      await image.elementHandle(),
      WAIT,
    );
    await screenshot('5-home');
    const published = bot.standIn?.homeViews.get('U0SANDBOX');
    expect(published?.type).toBe('home');
  });

  it('acknowledges an alert from its button on the Home tab', async () => {
    const view = home().locator('.home-view');
    const before = await view.getByRole('button', { name: 'Acknowledge' }).count();
    expect(before).toBeGreaterThan(0);
    await view.getByRole('button', { name: 'Acknowledge' }).first().click();
    await view.filter({ hasText: 'Acknowledged by @Sandbox User' }).waitFor(WAIT);
    await expect.poll(() => view.getByRole('button', { name: 'Acknowledge' }).count(), WAIT).toBe(before - 1);
  });

  it('subscribes a channel through the modal, with its channel picker', async () => {
    await home().getByRole('button', { name: 'Subscribe a channel' }).click();
    const modal = page.getByRole('dialog');
    await modal.waitFor(WAIT);
    await expect(modal.locator('.modal-title').textContent()).resolves.toBe('Subscribe a channel');
    await modal.getByLabel('Channel').selectOption({ label: '#general' });
    await modal.getByLabel('What it gets').selectOption('drift');
    await modal.getByLabel(/Options/).fill('severity>=urgent');
    await screenshot('6-home-modal');
    await modal.getByRole('button', { name: 'Subscribe' }).click();
    // The bot's errors stay in the modal, under the field.
    await modal.locator('.field-error', { hasText: 'is not a severity filter' }).waitFor(WAIT);

    await modal.getByLabel(/Options/).fill('severity>=high');
    await modal.getByRole('button', { name: 'Subscribe' }).click();
    await modal.waitFor({ state: 'hidden', ...WAIT });
    const view = home().locator('.home-view');
    await view.filter({ hasText: '#general will get settings-drift alerts' }).waitFor(WAIT);
    await expect(view.textContent()).resolves.toMatch(/#general \(severity high and above\)/);
    await screenshot('7-home-subscribed');
  });

  it('goes back to a channel from the sidebar', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'general', exact: true }).click();
    await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#general');
    await expect(home().isHidden()).resolves.toBe(true);
    await expect(page.locator('#composer').isVisible()).resolves.toBe(true);
  });
});

import type { App } from '@slack/bolt';
import { registerAlertButtons } from './actions/alert-buttons.js';
import { registerSeatButtons } from './actions/seat-buttons.js';
import { insightsCommand } from './commands/index.js';
import type { SlackDeps } from './deps.js';
import { registerHomeTab } from './home/home-tab.js';
import { createHomePublisher, type HomePublisher } from './home/publish-home.js';

/** Every listener the bot has, registered in one place; returns the Home tab's publisher (for refreshes). */
export function registerListeners(app: App, deps: SlackDeps): HomePublisher {
  const home = createHomePublisher(deps);
  app.command('/insights', insightsCommand(deps));
  registerAlertButtons(app, deps, home);
  registerSeatButtons(app, deps);
  registerHomeTab(app, deps, home);
  return home;
}

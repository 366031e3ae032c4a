import type { App } from '@slack/bolt';
import { registerAlertButtons } from './actions/alert-buttons.js';
import { insightsCommand } from './commands/index.js';
import type { SlackDeps } from './deps.js';

/** Every listener the bot has, registered in one place. */
export function registerListeners(app: App, deps: SlackDeps): void {
  app.command('/insights', insightsCommand(deps));
  registerAlertButtons(app, deps);
}

/**
 * Part of the composition root, kept light: starts the embedded database server (src/store/embedded/)
 * before the rest of the bot loads, so a new DATA_DIR's initdb runs beside the module loading. The bot
 * then connects to the server this started; `release()` lets it stop once nothing else uses it.
 */
import type { Config } from './config.js';
import { openEmbeddedServer } from './store/embedded/server.js';

export function prestartDatabase(config: Config): { release(): Promise<void> } {
  const early = config.databaseUrl ? undefined : openEmbeddedServer(config.dataDir).catch(() => undefined);
  return {
    async release() {
      await (await early)?.release();
    },
  };
}

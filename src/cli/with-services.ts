import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openServices, type ServiceOptions, type Services } from '../services.js';

/** Runs one command with the services (no server, no Slack app, no scheduler), then closes them. */
export async function withServices<T>(
  fn: (services: Services) => Promise<T>,
  options: ServiceOptions = {},
): Promise<T> {
  const config = loadConfig();
  const logger = createLogger({
    level: config.logLevel === 'info' ? 'warn' : config.logLevel,
    secrets: config.secrets,
  });
  // The command gets the services, not the store behind them.
  const { db: _db, close, ...services } = await openServices(config, logger, options);
  try {
    return await fn(services);
  } finally {
    await close();
  }
}

/**
 * Coded errors: each has a stable `code` and a message that names the fix. Expected outcomes
 * ("no data for builds from the configured sources") are values, not errors.
 */
export class InsightsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'InsightsError';
  }
}

/** Slack refused because the bot cannot post where it was asked to (private channel, DM, archived). */
export class ChannelAccessError extends InsightsError {
  constructor(
    readonly channel: string,
    readonly reason: 'private' | 'archived' | 'not_found' | 'im',
    message: string,
  ) {
    super('channel_access', message);
    this.name = 'ChannelAccessError';
  }
}

export class StoreError extends InsightsError {
  constructor(message: string, options?: ErrorOptions) {
    super('store_failed', message, options);
    this.name = 'StoreError';
  }
}

/** A setting is missing or wrong: the message names the variable to fix (thrown at start, or by a client). */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger, scrub } from '../logger.js';

const TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt and the Web API client log through our pino logger, so their lines are JSON and scrubbed too. */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ subsystem: 'bolt' });
  const text = (msgs: unknown[]) =>
    scrub(msgs.map((m) => (m instanceof Error ? m.message : String(m))).join(' '));
  return {
    debug: (...msgs) => log.debug(text(msgs)),
    info: (...msgs) => log.info(text(msgs)),
    warn: (...msgs) => log.warn(text(msgs)),
    error: (...msgs) => log.error(text(msgs)),
    setLevel: (level) => {
      log.level = TO_PINO[level];
    },
    getLevel: () => (log.level as LogLevel) ?? LogLevel.INFO,
    setName: () => undefined,
  };
}

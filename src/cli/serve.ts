import { parseArgs } from 'node:util';
import { type Config, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { prestartDatabase } from '../prestart.js';

type ProcessEvents = Pick<NodeJS.Process, 'on'> | import('node:events').EventEmitter;

/**
 * A promise nobody awaited is a bug to log, not a reason to stop answering Slack: the bot keeps serving.
 * An uncaught exception leaves the process in an unknown state, so it still exits — after saying why.
 */
export function logProcessFailures(
  logger: Logger,
  target: ProcessEvents = process,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  target.on('unhandledRejection', (reason: unknown) => {
    logger.error({ err: reason }, 'unhandled promise rejection; still serving');
  });
  target.on('uncaughtException', (err: unknown) => {
    logger.fatal({ err }, 'uncaught exception; exiting');
    exit(1);
  });
}

/** `insights-bot serve`: the whole bot, until SIGTERM or SIGINT. */
export async function serve(args: string[] = []): Promise<number> {
  parseArgs({ args, options: {} });
  const config = loadConfig();
  // In the sandbox the page's address comes first: JSON logs only from warnings up, unless LOG_LEVEL says.
  const quiet = config.slack.mode === 'sandbox' && !process.env.LOG_LEVEL;
  // The embedded server starts (initdb, on a new DATA_DIR) in its own processes while the bot's modules
  // load; startBot then finds it starting or running. Its errors surface from startBot.
  const early = prestartDatabase(config);
  const { startBot } = await import('../main.js');
  const logger = createLogger({ level: quiet ? 'warn' : config.logLevel, secrets: config.secrets });
  logProcessFailures(logger);
  const bot = await startBot({ logger }).finally(() => early.release());
  if (bot.standIn) {
    console.log(`Insights Bot sandbox: ${bot.url}  ← open it in your browser

  No Slack credentials are set, so the bot runs against a local Slack: type /insights containers
  in #docker-insights. Demo organization "${bot.config.demo.org}", embedded database ${bot.config.dataDir}.
  The same path from a terminal: curl -s ${bot.url}/sandbox/command -H 'origin: ${bot.url}' \\
    -H 'content-type: application/json' -d '{"text":"/insights containers 1m"}'
  Connect a real Slack workspace: see README.md ("Connect Slack").
`);
  } else {
    console.log(
      `Insights Bot is running (${bot.config.slack.mode} mode) on ${bot.url} — health: ${bot.url}/healthz`,
    );
  }
  warnIfRoot(config, logger);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await bot.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return new Promise<number>(() => undefined); // runs until a signal
}

/** Common in containers someone else built: one line saying what running as root means (after the page's address). */
function warnIfRoot(config: Config, logger: Logger): void {
  if (process.getuid?.() !== 0) return;
  const embedded = config.databaseUrl
    ? ''
    : ', and the embedded database runs as DATA_DIR\'s owner or the shared "postgres" user, whose other programs can read its files unless DATA_DIR is closed to them (mode 0700)';
  logger.warn(
    { uid: 0 },
    `running as root: a flaw in the bot or a library it uses would hold every right on this machine or container${embedded}; run the bot as an unprivileged user of its own (docker run --user, USER in the Dockerfile)`,
  );
}

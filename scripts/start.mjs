#!/usr/bin/env node
/**
 * `npm start`: builds what changed (scripts/build.mjs; nothing when src/ is unchanged), then runs
 * `insights-bot serve` in this same process. npm's script shell `exec`s this process, so the
 * SIGTERM or SIGINT npm forwards reaches the bot, which stops its embedded PostgreSQL and exits.
 */
import { build } from './build.mjs';

const status = build();
if (status !== 0) process.exit(status);
// dist/cli.js reads its command from argv (`npm start -- …` adds options to `serve`).
process.argv.splice(2, 0, 'serve');
await import('../dist/cli.js');

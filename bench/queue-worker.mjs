// The delivery queue as built (dist/), alone in a plain Node process, so its memory is the queue's
// own: drains the backlog bench/queue.ts wrote, then prints { seconds, peakRssMb }.
import { WebClient } from '@slack/web-api';
import { createDeliveryQueue } from '../dist/app/delivery-queue.js';
import { createLogger } from '../dist/logger.js';
import { createSlackTransport, DELIVERY_CLIENT_OPTIONS } from '../dist/slack/delivery-transport.js';
import { openDatabase } from '../dist/store/db.js';

const { DATABASE_URL, SCHEMA, SLACK_API_URL, TOTAL } = process.env;
const db = await openDatabase({ databaseUrl: DATABASE_URL, schema: SCHEMA });
const logger = createLogger({ level: 'warn' });
const client = new WebClient('xoxb-bench', { ...DELIVERY_CLIENT_OPTIONS, slackApiUrl: SLACK_API_URL });
const queue = createDeliveryQueue({ db, transport: createSlackTransport(client, logger), logger });
const start = performance.now();
queue.start();
while ((await queue.stats()).sent < Number(TOTAL)) await new Promise((resolve) => setTimeout(resolve, 200));
const seconds = (performance.now() - start) / 1000;
await queue.close();
await db.close();
process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);

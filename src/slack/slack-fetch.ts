import { CALL_LIMITS, cappedFetch } from '../outgoing.js';

/**
 * The `fetch` of every Slack client the bot makes (Bolt's, the delivery queue's) and of the file upload:
 * Slack's answers are read within a byte cap (src/outgoing.ts), not whole whatever their size. Each
 * client's `timeout` bounds the whole call, its body included.
 */
export const slackFetch = cappedFetch(CALL_LIMITS.slackApi.maxBytes);

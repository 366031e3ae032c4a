/** The senders this configuration has, in a fixed order. */
import type { SiemConfig } from './config.js';
import { createSentinelSender } from './sentinel.js';
import { createSplunkSender } from './splunk.js';
import type { SiemSender } from './types.js';
import { createWebhookSender } from './webhook.js';

export type { SiemConfig } from './config.js';
export type { DestinationName, OutgoingRecord, SendOutcome, SiemSender } from './types.js';

export function createSiemSenders(config: SiemConfig, now?: () => Date): SiemSender[] {
  return [
    ...(config.splunk ? [createSplunkSender(config.splunk)] : []),
    ...(config.sentinel ? [createSentinelSender(config.sentinel, now)] : []),
    // Signed with the wall clock: the receiver compares `webhook-timestamp` with its own.
    ...(config.webhook ? [createWebhookSender(config.webhook)] : []),
  ];
}

/** The senders this configuration has, in a fixed order. */
import type { CallLimits } from '../outgoing.js';
import type { SiemConfig } from './config.js';
import { createSentinelSender } from './sentinel.js';
import { createSplunkSender } from './splunk.js';
import type { SiemSender } from './types.js';
import { createWebhookSender } from './webhook.js';

export type { SiemConfig } from './config.js';
export type { DestinationName, OutgoingRecord, SendOutcome, SiemSender } from './types.js';

/** `reply`: the byte cap and deadline of every destination's answers (default REPLY_LIMITS; tests shorten it). */
export function createSiemSenders(config: SiemConfig, now?: () => Date, reply?: CallLimits): SiemSender[] {
  return [
    ...(config.splunk ? [createSplunkSender(config.splunk, reply)] : []),
    ...(config.sentinel ? [createSentinelSender(config.sentinel, now, reply)] : []),
    // Signed with the wall clock: the receiver compares `webhook-timestamp` with its own.
    ...(config.webhook ? [createWebhookSender(config.webhook, undefined, reply)] : []),
  ];
}

import type { ContextBlock } from '@slack/types';
import { DEMO_LABEL } from '../domain/insights.js';

/** The line every message drawn from the built-in demo organization carries, with how to see real data. */
export const DEMO_NOTICE = `:test_tube: *${DEMO_LABEL}* — made-up figures of the built-in demo organization. Connect Docker: set \`DOCKER_ORG\` and \`DOCKER_TOKEN\` (README › Connect Docker).`;

/** DEMO_NOTICE as a context block, placed right under a message's header. */
export function demoNoticeBlock(): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: DEMO_NOTICE }] };
}

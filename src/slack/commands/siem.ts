import { siemMessage } from '../../render/siem-blocks.js';
import { mrkdwnSafe } from '../../render/slack-text.js';
import type { CommandContext } from './context.js';

/** `/insights siem` and `/insights siem resume <name>`: admin-only, checked here on the server. */
export async function siemCommand(
  ctx: CommandContext,
  req: { kind: 'siem' } | { kind: 'siem-resume'; name: string },
): Promise<void> {
  const { deps, user } = ctx;
  if (!(await deps.admins.isAdmin(user, ctx.client))) {
    await ctx.respond({
      response_type: 'ephemeral',
      text: deps.admins.refusal(req.kind === 'siem' ? 'see SIEM forwarding' : 'resume a SIEM destination'),
    });
    return;
  }
  if (req.kind === 'siem-resume') {
    const outcome = await deps.siem.resume(req.name, user, deps.now());
    const names = (await deps.siem.states()).map((d) => `\`${d.name}\``).join(', ');
    const name = mrkdwnSafe(req.name.replace(/`/g, ''), 40);
    const text =
      outcome === 'resumed'
        ? `SIEM destination \`${name}\` resumed: what queued while it was paused is being sent.`
        : outcome === 'not-paused'
          ? `SIEM destination \`${name}\` is not paused. \`/insights siem\` shows each destination's state.`
          : names
            ? `There is no SIEM destination \`${name}\`; the configured ones are ${names}.`
            : `There is no SIEM destination \`${name}\`: none is configured (set \`SIEM_SPLUNK_URL\`, \`SIEM_SENTINEL_ENDPOINT\` or \`SIEM_WEBHOOK_URL\`).`;
    await ctx.respond({ response_type: 'ephemeral', text });
    return;
  }
  await ctx.respond({ response_type: 'ephemeral', ...siemMessage(await deps.siem.states(), deps.now()) });
}

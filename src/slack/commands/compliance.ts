import { withoutEmails } from '../../domain/compliance-summary.js';
import { scrub } from '../../logger.js';
import { complianceMessage } from '../../render/compliance-blocks.js';
import type { CommandContext } from './context.js';

/**
 * `/insights compliance` (anyone, ephemeral): the latest Settings Reporting report at a glance. Emails are
 * personal data: only Insights admins see them; everyone else gets usernames and machine IDs.
 */
export async function replyWithCompliance(ctx: CommandContext): Promise<void> {
  const { deps, client } = ctx;
  const log = deps.logger.child({ command: 'compliance' });
  try {
    const [summary, admin] = await Promise.all([
      deps.compliance.summary(),
      deps.admins.isAdmin(ctx.user, client),
    ]);
    const message = complianceMessage(admin ? summary : withoutEmails(summary), {
      emailsHidden: !admin,
      importHelp: deps.importHelp,
    });
    await ctx.respond({ response_type: 'ephemeral', ...message });
  } catch (err) {
    log.error({ err }, 'compliance summary failed');
    await ctx
      .respond({
        response_type: 'ephemeral',
        text: `Sorry, I couldn’t read the compliance report: ${scrub((err as Error).message ?? String(err))}. Try again in a minute; if it keeps failing, an admin can check the bot’s logs.`,
      })
      .catch(() => undefined);
  }
}

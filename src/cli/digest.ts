import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { digestMessage } from '../render/digest-blocks.js';
import { renderDigestPng } from '../render/render-digest.js';
import { withServices } from './with-services.js';

/**
 * `insights-bot digest [--dry-run]`: the digest job once, now. No server starts: the services queue the
 * digests and this process sends them (`--dry-run` prints the message instead and sends nothing).
 */
export async function digest(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean', default: false } } });
  const dryRun = values['dry-run'] ?? false;
  const config = loadConfig();
  if (!dryRun && config.slack.mode === 'sandbox') {
    console.error('Sending digests needs Slack: set SLACK_BOT_TOKEN (or use --dry-run to print the digest).');
    return 2;
  }
  // The digest job itself, once; the image is drawn in this process (no render pool, no server).
  return withServices(
    async ({ digests, queue }) => {
      const run = await digests.run(new Date(), { dryRun });
      if (dryRun) {
        console.log(
          run.digest
            ? JSON.stringify(digestMessage(run.digest), null, 2)
            : `No digest is due (data day ${run.dataDay ?? 'none'}).`,
        );
        return 0;
      }
      const sent = await queue.drain();
      console.log(
        `Data day ${run.dataDay ?? 'none'}: queued ${run.queued.length} digest(s); sent ${sent.sent}, failed ${sent.failed}, pending ${sent.pending}.`,
      );
      return sent.failed > 0 ? 1 : 0;
    },
    { renderDigest: async (d) => renderDigestPng(d) },
  );
}

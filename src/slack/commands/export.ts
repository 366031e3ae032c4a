import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { EXPORTS, type ExportArgs, exportFilename } from '../../app/exports.js';
import { formatActivityFilter } from '../../domain/activity-filter.js';
import { ChannelAccessError } from '../../errors.js';
import { scrub } from '../../logger.js';
import { channelAccessText } from '../../render/blocks.js';
import { mrkdwnSafe } from '../../render/slack-text.js';
import { slackErrorCode, uploadToChannel } from '../upload-to-channel.js';
import { type CommandContext, ephemeral, recordPosted } from './context.js';

/** After a demo export's summary: what the rows are, and how to export an organization's own. */
const DEMO_HINT =
  ' Made-up rows of the built-in demo organization: set `DOCKER_ORG` and `DOCKER_TOKEN` (README › Connect Docker) to export your own.';

/**
 * Where an export goes: the channel, unless the file holds emails and the channel is not private;
 * then the requester's DM with the bot. A channel the bot cannot see counts as private.
 */
async function destination(
  client: WebClient,
  channel: string,
  user: string,
  holdsEmails: boolean,
  dmOnly = false,
): Promise<{ channel: string; dm: boolean }> {
  if (dmOnly) return openDm(client, channel, user);
  if (!holdsEmails || channel.startsWith('D') || channel.startsWith('G')) return { channel, dm: false };
  let isPrivate = false;
  try {
    const info = (await client.conversations.info({ channel })).channel;
    isPrivate = Boolean(info?.is_private || info?.is_im || info?.is_mpim);
  } catch (err) {
    if (slackErrorCode(err) !== 'channel_not_found') throw err;
    isPrivate = true;
  }
  if (isPrivate) return { channel, dm: false };
  return openDm(client, channel, user);
}

/** The requester's DM with the bot (the channel itself when the command came from it). */
async function openDm(
  client: WebClient,
  channel: string,
  user: string,
): Promise<{ channel: string; dm: boolean }> {
  const dm = (await client.conversations.open({ users: user })).channel?.id;
  if (!dm) throw new Error('Slack opened no direct message');
  return { channel: dm, dm: dm !== channel };
}

/** Why an activity export would be empty: no log at all yet, or nothing matching the filters. */
function noActivityText(hasLog: boolean, args: ExportArgs, demo: boolean): string {
  if (hasLog) {
    const filters = formatActivityFilter(args.filters ?? {});
    return `No activity-log event matches \`${mrkdwnSafe(filters, 120)}\`, so there is nothing to export. \`/insights activity\` shows the latest events.`;
  }
  return demo
    ? 'There is no activity log to export: the demo organization has none. Set `DOCKER_ORG` and `DOCKER_TOKEN` (README › Connect Docker) and the bot reads your organization’s log every 5 minutes.'
    : 'There is no activity log to export yet: the bot reads it from Docker every 5 minutes; `/insights status` shows when it last did and why it failed, if it did.';
}

/**
 * `/insights export <kind> …`: the CSV is written as a stream to a temporary file, then streamed to
 * Slack's upload URL (no row cap, never the whole file in memory). Exports that hold emails are
 * admin-only and leave public channels for the admin's DM. Every export is audited.
 */
export async function replyWithExport(ctx: CommandContext, args: ExportArgs): Promise<void> {
  const { deps, client } = ctx;
  const req = { args, channel: ctx.channel, user: ctx.user };
  const spec = EXPORTS[req.args.kind];
  const reply = (text: string) => ephemeral(ctx, text);
  const log = deps.logger.child({ export: req.args.kind, channel: req.channel });
  if (spec.holdsEmails && !(await deps.admins.isAdmin(req.user, client))) {
    await reply(deps.admins.refusal(`export the ${spec.title}, which holds email addresses`));
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'insights-export-'));
  try {
    const now = deps.now();
    const filename = exportFilename(deps.charts.org, req.args.kind, req.args.period, now);
    const path = join(dir, filename);
    const result = await deps.exports.write({ ...req.args, now }, createWriteStream(path));
    if (req.args.kind === 'activity' && result.rows === 0) {
      // An empty file says nothing a sentence can't, and looks like a failure when opened.
      await reply(noActivityText(result.dataAsOf !== null, req.args, deps.charts.kind === 'demo'));
      return;
    }
    const target = await destination(client, req.channel, req.user, spec.holdsEmails, spec.dmOnly);
    const fileId = await uploadToChannel(client, {
      channel: target.channel,
      path,
      filename: result.filename,
      title: result.summary,
      initialComment: `${result.summary}${target.dm ? ` (requested in <#${req.channel}>)` : ''}.${result.demo ? DEMO_HINT : ''}`,
    });
    await deps.exports.audit({
      at: now,
      actor: req.user,
      kind: req.args.kind,
      target: target.channel,
      detail: {
        rows: result.rows,
        filename: result.filename,
        period: result.period,
        requestedIn: req.channel,
      },
    });
    log.info({ rows: result.rows, fileId, dm: target.dm }, 'export posted');
    recordPosted(ctx, 'export');
    if (target.dm) {
      const why = spec.dmOnly ? 'goes only to your direct messages' : 'holds email addresses';
      await reply(
        `The ${spec.title} export ${why}, so I sent it to our direct message instead of this channel: ${result.filename} (${result.rows} rows).`,
      );
    }
  } catch (err) {
    if (err instanceof ChannelAccessError) {
      await reply(channelAccessText(err.reason));
      return;
    }
    log.error({ err }, 'export failed');
    await reply(`Sorry, the ${spec.title} export failed: ${scrub((err as Error).message ?? String(err))}.`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

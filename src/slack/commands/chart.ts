import { chartFileTitle } from '../../domain/charts.js';
import { type ChartName, type ChartView, DEMO_LABEL } from '../../domain/insights.js';
import type { Period } from '../../domain/period.js';
import { ChannelAccessError } from '../../errors.js';
import { scrub } from '../../logger.js';
import { channelAccessText, chartMessage } from '../../render/blocks.js';
import { type Upload, uploadToChannel } from '../upload-to-channel.js';
import { ephemeral as answer, type CommandContext, recordPosted } from './context.js';

/** Renders a chart and uploads it into the channel; problems become an ephemeral answer, never a throw. */
export async function replyWithChart(
  ctx: CommandContext,
  req: { chart: ChartName; period: Period },
): Promise<void> {
  const { deps } = ctx;
  const started = performance.now();
  const log = deps.logger.child({ chart: req.chart, period: req.period, channel: ctx.channel });
  const record = (outcome: string, fileId: string | null = null) =>
    deps.charts
      .recordPost({
        at: deps.now(),
        channel: ctx.channel,
        requestedBy: ctx.user,
        chart: req.chart,
        period: req.period,
        fileId,
        outcome,
        durationMs: Math.round(performance.now() - started),
      })
      .catch((err: unknown) => log.warn({ err }, 'could not record the chart post'));
  const ephemeral = (text: string) => answer(ctx, text);

  try {
    const view = await deps.charts.view(req.chart, req.period, deps.now());
    if (!view) {
      await ephemeral('There is no Insights data yet. Run `insights-bot sync`, or see `/insights status`.');
      await record('no_data');
      return;
    }
    const png = await deps.renderer.render(view);
    const message = chartMessage(view, ctx.user);
    const fileId = await uploadToChannel(ctx.client, chartUpload(ctx.channel, view, png, message.blocks));
    log.info({ fileId, ms: Math.round(performance.now() - started) }, 'chart posted');
    recordPosted(ctx, req.chart);
    await record('posted', fileId);
  } catch (err) {
    if (err instanceof ChannelAccessError) {
      log.info({ reason: err.reason }, 'cannot post the chart in this channel');
      await ephemeral(channelAccessText(err.reason));
      await record(`channel_${err.reason}`);
      return;
    }
    log.error({ err }, 'chart failed');
    await ephemeral(
      `Sorry, I couldn’t post the ${req.chart} chart: ${scrub((err as Error).message ?? String(err))}. Try again in a minute; if it keeps failing, an admin can check the bot’s logs.`,
    );
    await record('failed');
  }
}

/** A chart image's upload: its file name, a short title (the figures are in the message and the image), its alt text. */
export function chartUpload(
  channel: string,
  view: ChartView<string>,
  png: Buffer,
  blocks: Upload['blocks'],
): Upload {
  return {
    channel,
    bytes: png,
    filename: `${view.org}-${view.chart}-${view.period}-${view.asOf}.png`,
    title: chartFileTitle(view),
    altText: `${view.demo ? `${DEMO_LABEL}: ` : ''}${view.title} chart, ${view.periodLabel}: ${view.figures.map((f) => `${f.label} ${f.value}`).join(', ')}`,
    ...(blocks ? { blocks } : {}),
  };
}

/**
 * `/insights …`: every subcommand in one table, which also makes the help. A subcommand parses the words
 * after its name (pure: a bad word gets an answer naming the fix) and runs with the services. To add one:
 * see src/slack/README.md.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { CHARTS, type ChartName } from '../../domain/insights.js';
import { type HelpGroup, helpMessage, type SlackMessage } from '../../render/blocks.js';
import { scoutMessage } from '../../render/scout-blocks.js';
import { statusMessage } from '../../render/status-blocks.js';
import type { SlackDeps } from '../deps.js';
import {
  type InsightsCommand,
  parseActivity,
  parseChart,
  parseExport,
  parseNothing,
  parseSiem,
  parseSilence,
  parseUnsilence,
  unknownSubcommand,
} from '../parse-command.js';
import { parseSeats } from '../parse-seats.js';
import { parseSubscription } from '../parse-subscription.js';
import { changeSilence, listAlerts, listSilences, searchActivity } from './alerts.js';
import { replyWithChart } from './chart.js';
import { replyWithCompliance } from './compliance.js';
import { type CommandContext, respondForViewer } from './context.js';
import { replyWithExport } from './export.js';
import { seatsCommand } from './seats.js';
import { siemCommand } from './siem.js';
import { changeSubscription, listSubscriptions } from './subscriptions.js';

type Parsed = Exclude<InsightsCommand, { kind: 'invalid' }>;
type Invalid = Extract<InsightsCommand, { kind: 'invalid' }>;

export interface Subcommand<P extends Parsed = Parsed> {
  /** The first words that run it, lowercase. */
  names: readonly string[];
  /** What `/insights help` shows for it: its group, its usages, and a note after them. */
  help: { group: HelpGroup['title']; usages: string[]; note?: string };
  parse(words: string[], name: string): P | Invalid;
  run(ctx: CommandContext, parsed: P): Promise<void>;
}

/** Keeps each entry's parse and run agreeing on their arguments, then files it with the others. */
const subcommand = <P extends Parsed>(s: Subcommand<P>) => s as unknown as Subcommand;

async function ephemeral(ctx: CommandContext, message: SlackMessage): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', ...message });
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  subcommand({
    names: CHARTS,
    help: { group: 'Charts', usages: [`${CHARTS.join('|')} [1w|1m|3m]`] },
    parse: (words, name) => parseChart(name as ChartName, words),
    run: (ctx, p) => replyWithChart(ctx, p),
  }),
  subcommand({
    names: ['subscribe', 'unsubscribe'],
    help: {
      group: 'Subscriptions',
      usages: [
        'subscribe digest [#channel] [at HH:MM] [tz Area/City]',
        'subscribe drift|scout|activity [#channel] [severity>=high] [thread-updates on|off]',
        'subscribe hub <namespace/repo>',
        'unsubscribe …',
      ],
    },
    parse: (words, name) => parseSubscription(name as 'subscribe' | 'unsubscribe', words),
    run: (ctx, p) => changeSubscription(ctx, p),
  }),
  subcommand({
    names: ['subscriptions'],
    help: { group: 'Subscriptions', usages: ['subscriptions'] },
    parse: (words) => parseNothing('subscriptions', words),
    run: (ctx) => listSubscriptions(ctx),
  }),
  subcommand({
    names: ['alerts'],
    help: { group: 'Alerts', usages: ['alerts'] },
    parse: (words) => parseNothing('alerts', words),
    run: (ctx) => listAlerts(ctx),
  }),
  subcommand({
    names: ['silence'],
    help: { group: 'Alerts', usages: ['silence <rule or alert> <30m|1h|1h30m|1d|1w>'], note: 'admins' },
    parse: (words) => parseSilence(words),
    run: (ctx, p) => changeSilence(ctx, p),
  }),
  subcommand({
    names: ['unsilence'],
    help: { group: 'Alerts', usages: ['unsilence <id>'], note: 'admins' },
    parse: (words) => parseUnsilence(words),
    run: (ctx, p) => changeSilence(ctx, p),
  }),
  subcommand({
    names: ['silences'],
    help: { group: 'Alerts', usages: ['silences'] },
    parse: (words) => parseNothing('silences', words),
    run: (ctx) => listSilences(ctx),
  }),
  subcommand({
    names: ['compliance'],
    help: {
      group: 'Data',
      usages: ['compliance'],
      note: 'settings compliance: counts per status, who is not compliant',
    },
    parse: (words) =>
      parseNothing(
        'compliance',
        words,
        ' It summarizes the latest Settings Reporting import; `/insights export compliance` has every row.',
      ),
    run: (ctx) => replyWithCompliance(ctx),
  }),
  subcommand({
    names: ['scout'],
    help: { group: 'Data', usages: ['scout'] },
    parse: (words) => parseNothing('scout', words),
    run: async (ctx) =>
      ephemeral(ctx, scoutMessage(await ctx.deps.scout.summary(), { configured: ctx.deps.scout.configured })),
  }),
  subcommand({
    names: ['activity'],
    help: { group: 'Data', usages: ['activity [actor:…] [action:…] [since:7d]'] },
    parse: (words) => parseActivity(words),
    run: (ctx, p) => searchActivity(ctx, p.filter),
  }),
  subcommand({
    names: ['export'],
    help: {
      group: 'Data',
      usages: ['export users|pulls [1w|1m|3m]', 'export compliance', 'export activity', 'export seats'],
    },
    parse: (words) => parseExport(words),
    run: (ctx, p) => replyWithExport(ctx, p.args),
  }),
  subcommand({
    names: ['seats'],
    help: {
      group: 'Data',
      usages: ['seats [1w|1m|3m]', 'seats ask [60d]', 'seats reclaim', 'seats exempt|unexempt <user>'],
      note: 'Docker Business seats: counts for anyone; names, asks, removal and exemptions for admins',
    },
    parse: (words) => parseSeats(words),
    run: (ctx, p) => seatsCommand(ctx, p),
  }),
  subcommand({
    names: ['status'],
    help: { group: 'Data', usages: ['status'] },
    parse: (words) => parseNothing('status', words),
    run: async (ctx) => ephemeral(ctx, statusMessage(await ctx.deps.status.view())),
  }),
  subcommand({
    names: ['siem'],
    help: { group: 'Data', usages: ['siem', 'siem resume <name>'], note: 'admins: SIEM forwarding' },
    parse: (words) => parseSiem(words),
    run: (ctx, p) => siemCommand(ctx, p),
  }),
  subcommand({
    names: ['help', '?'],
    help: { group: 'Help', usages: ['help'] },
    parse: () => ({ kind: 'help' }),
    run: (ctx) => replyWithHelp(ctx),
  }),
];

const NAMES = SUBCOMMANDS.flatMap((s) => s.names.filter((n) => n !== '?'));

/** The subcommand the text names, with its arguments; or the answer to a typo. Pure. */
export function resolveCommand(text: string): { sub: Subcommand; parsed: Parsed } | Invalid {
  const [first, ...rest] = text.trim().split(/\s+/).filter(Boolean);
  const name = (first ?? 'help').toLowerCase();
  const sub = SUBCOMMANDS.find((s) => s.names.includes(name));
  if (!sub) return unknownSubcommand(first ?? '', rest, NAMES);
  const parsed = sub.parse(rest, name);
  return parsed.kind === 'invalid' ? parsed : { sub, parsed };
}

/** The text after `/insights`, parsed: a command, or a helpful message. */
export function parseInsightsCommand(text: string): InsightsCommand {
  const resolved = resolveCommand(text);
  return 'sub' in resolved ? resolved.parsed : resolved;
}

/** The help is the table: each group's usages, the charts with what they show. */
async function replyWithHelp(ctx: CommandContext): Promise<void> {
  const { charts } = ctx.deps;
  const asOf = await charts.dataAsOf(ctx.deps.now()).catch(() => null);
  const groups: HelpGroup[] = [];
  for (const s of SUBCOMMANDS) {
    if (s.help.group === 'Charts' || s.help.group === 'Help') continue;
    let group = groups.find((g) => g.title === s.help.group);
    if (!group) {
      group = { title: s.help.group, entries: [] };
      groups.push(group);
    }
    const usages = s.help.usages.map((u) => `\`${u}\``).join(', ');
    group.entries.push(s.help.note ? `${usages} (${s.help.note})` : usages);
  }
  const sourceLabel = charts.kind === 'demo' ? 'the built-in demo organization' : 'Docker';
  await ephemeral(ctx, helpMessage({ org: charts.org, asOf, sourceLabel, groups }));
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** The `/metrics` label of a command: its subcommand's name as typed (a fixed set), or `unknown`. */
function subcommandLabel(text: string): string {
  const first = (text.trim().split(/\s+/)[0] ?? '').toLowerCase();
  if (first === '' || first === '?') return 'help';
  return NAMES.includes(first) ? first : 'unknown';
}

/** The `/insights` listener: acknowledge at once (Slack allows 3 s), then run the subcommand. */
export function insightsCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const startedAt = performance.now();
    const label = subcommandLabel(command.text ?? '');
    const acked = () => (performance.now() - startedAt) / 1000;
    const resolved = resolveCommand(command.text ?? '');
    if (!('sub' in resolved)) {
      // Pure and instant: the answer rides on the acknowledgement itself.
      await ack({ response_type: 'ephemeral', text: resolved.message });
      deps.metrics?.command(label, 'invalid', acked());
      return;
    }
    await ack();
    const ackSeconds = acked();
    const user = command.user_id;
    const ctx: CommandContext = {
      deps,
      client,
      respond: respondForViewer(respond, () => deps.admins.isAdmin(user, client)),
      channel: command.channel_id,
      user,
      startedAt,
    };
    try {
      await resolved.sub.run(ctx, resolved.parsed);
      deps.metrics?.command(label, 'ok', ackSeconds);
    } catch (err) {
      deps.metrics?.command(label, 'error', ackSeconds);
      throw err;
    }
  };
}

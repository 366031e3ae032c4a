import type { KnownBlock, MrkdwnElement } from '@slack/types';
import type { ComplianceStatus } from '../domain/compliance.js';
import type { ComplianceSummary, NonCompliantEntry } from '../domain/compliance-summary.js';
import { adminConsoleUrl, complianceSeverity } from '../domain/drift-rules.js';
import { formatCount, formatPercent } from '../domain/format.js';
import { formatWhen, SEVERITY_ICON } from './alert-blocks.js';
import type { SlackMessage } from './blocks.js';
import { fallbackText, mrkdwnSafe, plainCut } from './slack-text.js';

/** Slack limits (docs.slack.dev/reference/block-kit): header ≤150, section text ≤3000, ≤10 fields. */
const HEADER_MAX = 150;
const SECTION_MAX = 2900;
const NAME_MAX = 100;
const MACHINE_MAX = 80;
const VERSION_MAX = 40;
const FILENAME_MAX = 200;

/** Where `/insights compliance` tells people to get a report, beyond the command line. */
export interface ComplianceImportHelp {
  /** IMPORT_DIR, when set: the folder the bot watches. */
  importDir?: string;
  /** Sandbox mode: the page has an "Import sample compliance report" control. */
  sandbox?: boolean;
}

export interface ComplianceMessageOptions {
  /** The viewer is not an admin: emails were taken out of the summary (say so). */
  emailsHidden: boolean;
  importHelp?: ComplianceImportHelp;
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

function statusIcon(status: ComplianceStatus): string {
  return status === 'Compliant' ? ':white_check_mark:' : SEVERITY_ICON[complianceSeverity(status)];
}

/** `:red_circle: *bob* (bob@example.com) — Non-compliant · machine `MAC-1` · Docker Desktop 4.40.0` */
function entryLine(e: NonCompliantEntry): string {
  const name = e.username ?? e.email;
  const who = name
    ? `*${mrkdwnSafe(name, NAME_MAX)}*${e.username && e.email ? ` (${mrkdwnSafe(e.email, NAME_MAX)})` : ''}`
    : e.machineId
      ? 'A machine'
      : '*an unknown user*';
  const parts = [`${SEVERITY_ICON[e.severity]} ${who} — ${e.status}`];
  if (e.machineId) parts.push(`machine \`${mrkdwnSafe(e.machineId.replace(/`/g, "'"), MACHINE_MAX)}\``);
  if (e.desktopVersion) parts.push(`Docker Desktop ${mrkdwnSafe(e.desktopVersion, VERSION_MAX)}`);
  return parts.join(' · ');
}

/** Lines packed into as few sections as fit Slack's 3,000 characters each. */
function listSections(heading: string, lines: string[]): KnownBlock[] {
  const sections: KnownBlock[] = [];
  let text = heading;
  for (const line of lines) {
    if (text.length + 1 + line.length > SECTION_MAX) {
      sections.push({ type: 'section', text: { type: 'mrkdwn', text } });
      text = line;
    } else {
      text = `${text}\n${line}`;
    }
  }
  sections.push({ type: 'section', text: { type: 'mrkdwn', text } });
  return sections;
}

function alertsText(open: number): string {
  return open === 0 ? 'no open drift alerts' : `${plural(open, 'open drift alert')} (\`/insights alerts\`)`;
}

/** Before the first import: what to export from the Admin Console and how to bring it in. */
function howToImport(summary: ComplianceSummary, help: ComplianceImportHelp): SlackMessage {
  const folder = help.importDir ? `the import folder \`${mrkdwnSafe(help.importDir, 200)}\`` : '`IMPORT_DIR`';
  const steps = [
    '*How to import it*',
    `1. In the Admin Console, open *Docker Home → Docker Desktop → Settings Reporting* and export the report as CSV (<${adminConsoleUrl(summary.org, 'settings-reporting')}|open it>).`,
    `2. Run \`insights-bot import <file> --kind compliance\` where the bot runs, or drop the file into ${folder}.`,
  ];
  if (help.sandbox) {
    steps.push('In this sandbox, press *Import sample compliance report* to try it with a sample report.');
  }
  return {
    text: fallbackText(
      `No Settings Reporting export has been imported for ${summary.org} yet: export it from the Admin Console and run insights-bot import <file> --kind compliance.`,
    ),
    blocks: [
      header(summary),
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:inbox_tray: No Settings Reporting export has been imported for *${mrkdwnSafe(summary.org, 100)}* yet, so there is no compliance to show. Docker offers no API for it: the bot reads the Admin Console's CSV export.`,
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: steps.join('\n') } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Each import also runs the drift rules: \`/insights subscribe drift\` alerts a channel when someone leaves Compliant · ${alertsText(summary.openDriftAlerts)}`,
          },
        ],
      },
    ],
  };
}

function header(summary: ComplianceSummary): KnownBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: plainCut(`Settings compliance — ${summary.org}`, HEADER_MAX) },
  };
}

/**
 * `/insights compliance`: counts per status of the latest Settings Reporting report, the users and
 * machines outside Compliant (most severe first), the report's as-of time and the open drift alerts.
 */
export function complianceMessage(
  summary: ComplianceSummary,
  options: ComplianceMessageOptions,
): SlackMessage {
  const { report } = summary;
  if (!report) return howToImport(summary, options.importHelp ?? {});
  const asOf = `${formatWhen(report.importedAt)} (\`${mrkdwnSafe(report.filename.replace(/`/g, "'"), FILENAME_MAX)}\`)`;
  const counted = summary.counts.filter((c) => c.count > 0 || c.status === 'Compliant');
  const fields: MrkdwnElement[] = counted.map((c) => ({
    type: 'mrkdwn',
    text: `${statusIcon(c.status)} *${c.status}*\n${formatCount(c.count)}${summary.total > 0 ? ` (${formatPercent(c.count / summary.total)})` : ''}`,
  }));
  const off = summary.nonCompliantTotal;
  const headline =
    summary.total === 0
      ? 'The latest report lists no users or machines.'
      : off === 0
        ? `:white_check_mark: Everyone in the report is compliant (${plural(summary.total, 'user or machine', 'users and machines')}).`
        : `*${formatCount(off)} of ${plural(summary.total, 'user or machine', 'users and machines')}* ${off === 1 ? 'is' : 'are'} not compliant.`;
  const blocks: KnownBlock[] = [
    header(summary),
    { type: 'section', text: { type: 'mrkdwn', text: headline }, ...(summary.total > 0 ? { fields } : {}) },
  ];
  if (summary.nonCompliant.length > 0) {
    blocks.push(...listSections('*Not compliant*, most severe first', summary.nonCompliant.map(entryLine)));
  }
  const more = off - summary.nonCompliant.length;
  if (more > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${formatCount(more)} more — \`/insights export compliance\`${options.emailsHidden ? ' (admins: the file holds emails)' : ''}`,
        },
      ],
    });
  }
  const context = [
    `Settings Reporting export imported ${asOf}`,
    alertsText(summary.openDriftAlerts),
    `<${adminConsoleUrl(summary.org, 'settings-reporting')}|Open in Docker>`,
  ];
  if (options.emailsHidden) context.push('emails are shown to Insights admins only');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] });
  const counts = counted
    .filter((c) => c.status !== 'Compliant')
    .map((c) => `${formatCount(c.count)} ${c.status}`)
    .join(', ');
  return {
    text: fallbackText(
      `Settings compliance for ${summary.org}: ${formatCount(off)} of ${formatCount(summary.total)} not compliant${counts ? ` (${counts})` : ''}; report imported ${formatWhen(report.importedAt)}; ${alertsText(summary.openDriftAlerts).replace(/ \(.*\)$/, '')}.`,
    ),
    blocks,
  };
}

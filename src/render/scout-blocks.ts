import type { KnownBlock, MrkdwnElement } from '@slack/types';
import { SCAN_SEVERITIES } from '../domain/scan-results.js';
import type {
  ImageScan,
  ScoutPolicyLine,
  ScoutStreamSummary,
  ScoutSummary,
} from '../domain/scout-summary.js';
import { formatWhen } from './alert-blocks.js';
import type { SlackMessage } from './blocks.js';
import { blockTextLength, fallbackText, mrkdwnSafe, plainCut } from './slack-text.js';

/** Slack limits (docs.slack.dev/reference/block-kit): ≤50 blocks, ≤10 fields per section, header ≤150. */
const BLOCKS_MAX = 50;
const FIELDS_MAX = 10;
const HEADER_MAX = 150;
const NAME_MAX = 150;
const STREAM_MAX = 200;
const IMAGES_TEXT_MAX = 2900;
/** Slack refuses a message whose blocks hold more than about 12,000 characters of text. */
const TEXT_MAX = 11_000;

const SEVERITY_ORDER: readonly string[] = SCAN_SEVERITIES;

export interface ScoutMessageOptions {
  /** SCOUT_TOKEN is set: the metrics exporter is polled. */
  configured: boolean;
}

/** `/insights scout`: policy compliance per stream from the latest scrape, and the latest CI results. */
export function scoutMessage(summary: ScoutSummary, options: ScoutMessageOptions): SlackMessage {
  const org = mrkdwnSafe(summary.org, 100);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: plainCut(`Docker Scout — ${summary.org}`, HEADER_MAX) },
    },
  ];
  const imagesBlock = summary.images.length > 0 ? imagesSection(summary.images) : undefined;

  if (!summary.scrapedAt) {
    const text = options.configured
      ? ':hourglass_flowing_sand: No Scout data yet: the metrics exporter is polled hourly, and the first scrape has not run.'
      : `:white_circle: Scout policy results are not configured: set \`SCOUT_TOKEN\` to a personal access token of an owner of *${org}* to poll the Scout metrics exporter.`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    if (imagesBlock) blocks.push(imagesBlock);
    return {
      text: fallbackText(
        options.configured
          ? `No Docker Scout data for ${summary.org} yet.`
          : `Docker Scout policy results for ${summary.org} are not configured: set SCOUT_TOKEN.`,
      ),
      blocks,
    };
  }

  const all = summary.streams.flatMap((s) => s.policies);
  const failing = all.filter((p) => p.failing).length;
  const asOf = formatWhen(summary.scrapedAt);
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `Metrics exporter, ${asOf} · ${failing} of ${all.length} policy results failing`,
      },
    ],
  });
  // Room for the images section and an overflow line, in blocks and in characters.
  const reserved = [imagesBlock].filter((b) => b !== undefined);
  const blocksLeft = BLOCKS_MAX - blocks.length - reserved.length - 1;
  const charsLeft = TEXT_MAX - blockTextLength([...blocks, ...reserved]) - 200;
  let used = 0;
  let chars = 0;
  let shown = 0;
  for (const stream of summary.streams) {
    const sections = streamSections(stream);
    const size = blockTextLength(sections);
    if (used + sections.length > blocksLeft || chars + size > charsLeft) break;
    blocks.push(...sections);
    used += sections.length;
    chars += size;
    shown++;
  }
  if (summary.streams.length === 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: 'The last scrape listed no streams or policies.' },
    });
  }
  const hidden = summary.streams.length - shown;
  if (hidden > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${hidden} more stream${hidden === 1 ? '' : 's'} not shown.` }],
    });
  }
  if (imagesBlock) blocks.push(imagesBlock);
  return {
    text: fallbackText(
      `Docker Scout for ${summary.org}: ${failing} of ${all.length} policy results failing, as of ${asOf}.`,
    ),
    blocks,
  };
}

/** A stream's name and vulnerability counts, then its policies ten fields per section. */
function streamSections(stream: ScoutStreamSummary): KnownBlock[] {
  const counts = Object.entries(stream.vulnerabilities).sort(
    ([a], [b]) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const vulns =
    counts.length > 0 ? counts.map(([s, n]) => `${n} ${s}`).join(', ') : 'no vulnerability counts';
  const fields = stream.policies.map(policyField);
  const blocks: KnownBlock[] = [];
  const title = `*${mrkdwnSafe(stream.name, STREAM_MAX)}* · vulnerabilities: ${mrkdwnSafe(vulns, 500)}`;
  for (let i = 0; i === 0 || i < fields.length; i += FIELDS_MAX) {
    const chunk = fields.slice(i, i + FIELDS_MAX);
    blocks.push(
      i === 0
        ? {
            type: 'section',
            text: { type: 'mrkdwn', text: title },
            ...(chunk.length ? { fields: chunk } : {}),
          }
        : { type: 'section', fields: chunk },
    );
  }
  return blocks;
}

const rank = (severity: string) => {
  const i = SEVERITY_ORDER.indexOf(severity);
  return i === -1 ? SEVERITY_ORDER.length : i;
};

/** `:x: *Policy* — 9/12 (75%)`; floored, so a failing policy never shows 100%. */
function policyField(p: ScoutPolicyLine): MrkdwnElement {
  const name = `*${mrkdwnSafe(p.displayName, NAME_MAX)}*`;
  if (p.compliant === null || p.evaluated === null) {
    return { type: 'mrkdwn', text: `:grey_question: ${name} — no data` };
  }
  if (p.evaluated <= 0) return { type: 'mrkdwn', text: `:white_circle: ${name} — no images evaluated` };
  const percent = Math.floor((p.compliant / p.evaluated) * 100);
  const icon = p.failing ? ':x:' : ':white_check_mark:';
  return { type: 'mrkdwn', text: `${icon} ${name} — ${p.compliant}/${p.evaluated} (${percent}%)` };
}

function imagesSection(images: ImageScan[]): KnownBlock {
  let text = '*Latest CI results* (`docker scout cves`)';
  for (const scan of images) {
    const counts = SCAN_SEVERITIES.filter((s) => scan.counts[s] > 0)
      .map((s) => `${scan.counts[s]} ${s}`)
      .join(', ');
    const line = `\n• \`${mrkdwnSafe(scan.image, 200)}\` — ${counts || 'no vulnerabilities'} · ${formatWhen(scan.receivedAt)}`;
    if (text.length + line.length > IMAGES_TEXT_MAX) break;
    text += line;
  }
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

import type { KnownBlock } from '@slack/types';
import { digestSpan } from '../domain/digest.js';
import type { HomeView } from '../domain/home.js';
import { alertActions, formatWhen, SEVERITY_ICON } from './alert-blocks.js';
import { demoNoticeBlock } from './demo-notice.js';
import { fieldText } from './digest-blocks.js';
import { homeSeatsBlocks } from './home-seats.js';
import { mrkdwnSafe, plainCut } from './slack-text.js';
import { sourceText, troubleshootingText } from './status-blocks.js';

/** A Home tab holds at most 100 blocks (docs.slack.dev/reference/block-kit/blocks); a view at most 250 kB. */
export const HOME_BLOCKS_MAX = 100;
const SECTION_MAX = 2900;
const SOURCES_MAX = 14;

/** The Home tab's own buttons (the alert buttons keep their channel action IDs: same listener, same audit). */
export const HOME_ACTIONS = { subscribe: 'home_subscribe', refresh: 'home_refresh' } as const;
export const HOME_CALLBACK_ID = 'insights_home';

/** How the headline image is shown: an uploaded file (`slack_file`) or a public URL. */
export type HomeImage = { fileId: string } | { url: string };

export interface HomeTabView {
  type: 'home';
  callback_id: string;
  blocks: KnownBlock[];
}

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: text.length > SECTION_MAX ? `${text.slice(0, SECTION_MAX - 1)}…` : text },
});
const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: plainCut(text, SECTION_MAX) }],
});
const divider: KnownBlock = { type: 'divider' };

function onboarding(v: HomeView): KnownBlock[] {
  const subscribe = v.isAdmin
    ? '*Subscribe a channel*: press *Subscribe a channel* below, or type `/insights subscribe digest #channel` (also `drift`, `scout`, `activity`, `hub`).'
    : '*Subscribe a channel*: an Insights admin types `/insights subscribe digest #channel` there (also `drift`, `scout`, `activity`, `hub`).';
  return [
    section(
      [
        `:wave: *Welcome to Insights, <@${v.user}>.* This tab is your dashboard of the Docker organization *${mrkdwnSafe(v.org, 80)}*.`,
        '*What to type*: `/insights help` in any channel lists everything; `/insights containers 1m` posts a chart; `/insights status` shows where the data comes from.',
        subscribe,
        '*Connect Docker*: set `DOCKER_ORG` and `DOCKER_TOKEN` (a personal or organization access token) and restart the bot; until then it shows a demo organization. README › Connect Docker.',
      ].join('\n'),
    ),
    divider,
  ];
}

function controls(v: HomeView): KnownBlock {
  if (!v.isAdmin) {
    return context(
      ':lock: Read-only view: Insights admins (`INSIGHTS_ADMINS`) subscribe channels and act on alerts.',
    );
  }
  return {
    type: 'actions',
    block_id: 'home:controls',
    elements: [
      {
        type: 'button',
        action_id: HOME_ACTIONS.subscribe,
        text: { type: 'plain_text', text: 'Subscribe a channel' },
        style: 'primary',
      },
      { type: 'button', action_id: HOME_ACTIONS.refresh, text: { type: 'plain_text', text: 'Refresh' } },
    ],
  };
}

function headline(v: HomeView, image: HomeImage | null): KnownBlock[] {
  const d = v.headline;
  if (!d) {
    return [section('*At a glance*\nNo data yet: the first sync or import brings the figures.')];
  }
  const blocks: KnownBlock[] = [
    section(`*At a glance* · ${digestSpan(d)} · data as of *${d.dataDay}* · change against the week before`),
  ];
  for (const s of d.sections.slice(0, 6)) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${mrkdwnSafe(s.title, 80)}*` },
      fields: s.figures.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: fieldText(f) })),
    });
  }
  if (d.sections.length === 0) blocks.push(section('No figures from the configured sources yet.'));
  if (image) {
    const alt = plainCut(d.summary, 2000);
    const title = plainCut(`${d.demo ? 'Demo data · ' : ''}The ${digestSpan(d)}`, 2000);
    blocks.push({
      type: 'image',
      ...('fileId' in image ? { slack_file: { id: image.fileId } } : { image_url: image.url }),
      alt_text: alt,
      title: { type: 'plain_text', text: title },
    } as KnownBlock);
  }
  return blocks;
}

function alerts(v: HomeView): KnownBlock[] {
  const { shown, hidden, total } = v.alerts;
  const blocks: KnownBlock[] = [
    section(`*Open alerts: ${total}*${total === 0 ? '\nNothing open. :white_check_mark:' : ''}`),
  ];
  shown.forEach((a, i) => {
    const status = [`Since ${formatWhen(a.since)}`];
    if (a.ackedBy) status.push(`:eyes: Acknowledged by <@${a.ackedBy}>`);
    blocks.push(
      section(`${SEVERITY_ICON[a.severity]} *${mrkdwnSafe(a.title, 200)}*\n${mrkdwnSafe(a.facts, 600)}`),
      context(status.join(' · ')),
    );
    if (v.isAdmin) blocks.push(alertActions(a, !a.oneShot, `home-alert:${i}`));
  });
  if (hidden > 0) {
    blocks.push(context(`…and ${hidden} more. \`/insights alerts\` lists every open alert.`));
  }
  return blocks;
}

function channels(v: HomeView): KnownBlock {
  const lines = v.channels.map(({ label, channels: list }) => {
    const who = list.length
      ? list.map((c) => `<#${c.channel}> (${mrkdwnSafe(c.detail, 120)})`).join(', ')
      : '_no channel_';
    return `• *${label}*: ${who}`;
  });
  return section(`*Which channels get what*\n${lines.join('\n')}`);
}

function sources(v: HomeView): KnownBlock[] {
  const s = v.status;
  const blocks: KnownBlock[] = [section('*Data sources*')];
  if (s.demo) {
    blocks.push(
      section(
        `Showing the built-in demo organization *${mrkdwnSafe(s.org, 80)}*. Set \`DOCKER_ORG\` and \`DOCKER_TOKEN\` to see your own.`,
      ),
    );
  }
  for (const line of s.sources.slice(0, SOURCES_MAX)) blocks.push(section(sourceText(line)));
  blocks.push(section(troubleshootingText(s.hints)));
  return blocks;
}

/**
 * The user's Home tab: the header (and the demo label), the onboarding on a first visit, the admin
 * controls or the read-only note, the headline with its image, the open alerts, the channels and the
 * sources. At most 100 blocks whatever the data (10 alerts × 3, 6 headline sections, 14 sources).
 */
export function homeView(v: HomeView, image: HomeImage | null): HomeTabView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainCut(`Docker Insights — ${v.org}`, 150) } },
  ];
  if (v.demo) blocks.push(demoNoticeBlock());
  if (v.notice) blocks.push(context(`:information_source: ${v.notice}`));
  if (v.firstVisit) blocks.push(...onboarding(v));
  blocks.push(
    controls(v),
    divider,
    ...headline(v, image),
    ...homeSeatsBlocks(v.seats),
    divider,
    ...alerts(v),
    divider,
  );
  blocks.push(channels(v), divider, ...sources(v));
  blocks.push(context(`Updated ${formatWhen(v.at)} · data as of ${v.dataDay ?? 'no data yet'}`));
  return { type: 'home', callback_id: HOME_CALLBACK_ID, blocks: blocks.slice(0, HOME_BLOCKS_MAX) };
}

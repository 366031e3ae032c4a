/** What the sandbox page shows, taken from the Slack stand-in as one user sees it. */
import type { SlackStandIn, StandInChannel, StandInMessage, StandInView } from '../slack-stand-in-types.js';
import type { PageChannel, PageFile, PageMessage, PageState, PageView } from './page-types.js';

export const SLACKBOT_USER = 'USLACKBOT';

/** A public channel is readable by anyone in the workspace; private ones and DMs need membership. */
export function canSee(channel: StandInChannel, user: string): boolean {
  const isPublic = !channel.isPrivate && !channel.isIm && !channel.isMpim;
  return isPublic || channel.members.has(user);
}

export function visibleChannels(standIn: SlackStandIn, user: string): PageChannel[] {
  return [...standIn.channels.values()]
    .filter((c) => canSee(c, user))
    .map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.isIm || c.isMpim ? ('dm' as const) : c.isPrivate ? ('private' as const) : ('channel' as const),
      label: c.isIm ? 'Insights Bot' : c.name,
      archived: c.isArchived,
    }));
}

export function isVisible(standIn: SlackStandIn, m: StandInMessage, user: string): boolean {
  const channel = standIn.channels.get(m.channel);
  return (
    channel !== undefined && canSee(channel, user) && (m.ephemeralTo === undefined || m.ephemeralTo === user)
  );
}

/** The same-origin URL of a stand-in file (`GET /sandbox/files/<id>/<name>`). */
export function fileUrl(id: string, name: string): string {
  return `/sandbox/files/${encodeURIComponent(id)}/${encodeURIComponent(name)}`;
}

/** Image blocks name uploaded files by id (`slack_file`) or by the stand-in's URL: both become same-origin. */
function pageBlocks(standIn: SlackStandIn, blocks: unknown[]): unknown[] {
  return blocks.map((block) => {
    if (typeof block !== 'object' || block === null) return block;
    const b = block as Record<string, unknown>;
    const ref = b.slack_file as { id?: unknown; url?: unknown } | undefined;
    if (b.type !== 'image' || typeof ref !== 'object' || ref === null) return block;
    const prefix = `${standIn.url}/files/`;
    const id =
      typeof ref.id === 'string'
        ? ref.id
        : typeof ref.url === 'string' && ref.url.startsWith(prefix)
          ? decodeURIComponent(ref.url.slice(prefix.length).split('/')[0] ?? '')
          : undefined;
    const file = id ? standIn.files.get(id) : undefined;
    return { ...b, slack_file: file ? { id: file.id, url: fileUrl(file.id, file.filename) } : ref };
  });
}

export function toPageMessage(standIn: SlackStandIn, m: StandInMessage): PageMessage {
  const files: PageFile[] = (m.files ?? []).map((f) => ({
    id: f.id,
    name: f.filename,
    ...(f.title !== undefined ? { title: f.title } : {}),
    mimetype: f.mimetype,
    url: fileUrl(f.id, f.filename),
  }));
  return {
    channel: m.channel,
    ts: m.ts,
    ...(m.threadTs !== undefined ? { threadTs: m.threadTs } : {}),
    user: m.user,
    isBot: m.botId !== undefined || m.user === standIn.botUserId,
    text: m.text ?? '',
    blocks: pageBlocks(standIn, m.blocks ?? []),
    attachments: m.attachments ?? [],
    files,
    ephemeral: m.ephemeralTo !== undefined,
    edited: m.editedAt !== undefined,
  };
}

export function userNames(standIn: SlackStandIn, user: string): Record<string, string> {
  return {
    [standIn.botUserId]: 'Insights Bot',
    [user]: 'Sandbox User',
    [SLACKBOT_USER]: 'Slackbot',
  };
}

export function toPageView(standIn: SlackStandIn, v: StandInView): PageView {
  return {
    id: v.id,
    type: v.type,
    blocks: pageBlocks(standIn, v.blocks),
    ...(v.callbackId !== undefined ? { callbackId: v.callbackId } : {}),
    ...(v.title !== undefined ? { title: v.title } : {}),
    ...(v.submit !== undefined ? { submit: v.submit } : {}),
    ...(v.close !== undefined ? { close: v.close } : {}),
  };
}

/** The modal open for `user` (the latest one: views.push is not used). */
export function openModal(standIn: SlackStandIn, user: string): StandInView | undefined {
  return standIn.modals.findLast((m) => m.user === user && !m.closed);
}

export function pageState(standIn: SlackStandIn, user: string): PageState {
  const home = standIn.homeViews.get(user);
  const modal = openModal(standIn, user);
  return {
    home: home ? toPageView(standIn, home) : null,
    modal: modal ? toPageView(standIn, modal) : null,
    user,
    botUserId: standIn.botUserId,
    users: userNames(standIn, user),
    channels: visibleChannels(standIn, user),
    messages: standIn.messages
      .filter((m) => isVisible(standIn, m, user))
      .map((m) => toPageMessage(standIn, m)),
  };
}

/**
 * Makes `user` a member of every public channel the stand-in has now (private channels stay closed), and
 * the first DM (D0DM) `user`'s DM with the bot, so that what the bot sends `user` directly lands there.
 * Done with `addChannel`, so it survives `reset()`.
 */
export function joinChannels(standIn: SlackStandIn, user: string): void {
  const channels = [...standIn.channels.values()];
  const dm = channels.some((c) => c.isIm && c.imUser === user) ? undefined : channels.find((c) => c.isIm);
  for (const c of channels) {
    if (c === dm) {
      standIn.addChannel({
        id: c.id,
        name: user,
        isIm: true,
        isArchived: c.isArchived,
        botIsMember: true,
        imUser: user,
      });
      continue;
    }
    if (c.isPrivate || c.isIm || c.isMpim || c.members.has(user)) continue;
    standIn.addChannel({
      id: c.id,
      name: c.name,
      isArchived: c.isArchived,
      botIsMember: c.members.has(standIn.botUserId),
      members: [...[...c.members].filter((m) => m !== standIn.botUserId), user],
    });
  }
}

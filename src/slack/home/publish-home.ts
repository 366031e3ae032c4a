/**
 * Publishes a user's Home tab (views.publish): their view from the Home use case, drawn by
 * render/home-blocks.ts, with the headline image.
 *
 * The image: Slack's image blocks take a public `image_url` or an uploaded file (`slack_file`). The bot
 * usually runs on a private network, so it uploads the PNG once per data day (the three upload steps without a
 * channel: no message anywhere, the file belongs to the bot, which is the one publishing the view) and
 * references it as `{ slack_file: { id } }`. If Slack refuses the view because of the file
 * (`invalid_blocks`, e.g. the file was deleted meanwhile), the PNG is uploaded once more (the use case
 * caches the PNG, so it is not drawn again) and the view published with the new file; if that is refused
 * too, the view goes out without the image.
 */
import type { WebClient } from '@slack/web-api';
import { type HomeImage, homeView } from '../../render/home-blocks.js';
import type { SlackDeps } from '../deps.js';
import { slackErrorCode, uploadFile } from '../upload-to-channel.js';

export interface PublishOptions {
  /** The user opened the tab (app_home_opened): the visit is counted. */
  opened?: boolean;
  /** One sentence about the user's last action, shown at the top. */
  notice?: string;
}

export interface HomePublisher {
  publish(client: WebClient, user: string, options?: PublishOptions): Promise<void>;
}

type Deps = Pick<SlackDeps, 'home' | 'admins' | 'now' | 'logger'>;

/** Uploaded into no channel: the tab shows it as a `slack_file`. */
const uploadImage = (
  client: WebClient,
  image: { png: Buffer; filename: string; title: string; altText: string },
): Promise<string> =>
  uploadFile(client, {
    bytes: image.png,
    filename: image.filename,
    title: image.title,
    altText: image.altText,
  });

export function createHomePublisher(deps: Deps): HomePublisher {
  const log = deps.logger.child({ subsystem: 'home' });
  /** The upload of the current data day's image, shared by every publish until the day changes. */
  let upload: { key: string; fileId: Promise<string>; id?: string } | null = null;

  /** The image to show; `refused` is a file id Slack refused: that upload is replaced (once, shared). */
  async function imageFor(client: WebClient, now: Date, refused?: string): Promise<HomeImage | null> {
    try {
      const image = await deps.home.image(now);
      if (!image) return null;
      if (upload?.key !== image.key || (refused !== undefined && upload.id === refused)) {
        const mine: NonNullable<typeof upload> = { key: image.key, fileId: uploadImage(client, image) };
        upload = mine;
        mine.fileId.then(
          (id) => {
            mine.id = id;
            log.info({ key: image.key, fileId: id }, 'home image uploaded');
          },
          () => {
            if (upload === mine) upload = null;
          },
        );
      }
      return { fileId: await upload.fileId };
    } catch (err) {
      // The tab is still worth showing without its picture.
      log.warn({ err }, 'the Home tab image is unavailable; publishing without it');
      return null;
    }
  }

  return {
    async publish(client, user, options = {}) {
      const now = deps.now();
      const isAdmin = await deps.admins.isAdmin(user, client);
      const [view, image] = await Promise.all([
        options.opened
          ? deps.home.opened(user, isAdmin, now)
          : deps.home.view(user, isAdmin, now, options.notice),
        imageFor(client, now),
      ]);
      const publish = (shown: HomeImage | null) =>
        client.views.publish({ user_id: user, view: homeView(view, shown) });
      const refused = (err: unknown) => slackErrorCode(err) === 'invalid_blocks';
      try {
        await publish(image);
        return;
      } catch (err) {
        if (!image || !('fileId' in image) || !refused(err)) throw err;
        log.warn({ err, fileId: image.fileId }, 'Slack refused the Home tab image; uploading it again');
      }
      const again = await imageFor(client, now, 'fileId' in image ? image.fileId : undefined);
      try {
        await publish(again);
      } catch (err) {
        if (!again || !refused(err)) throw err;
        await publish(null);
      }
    },
  };
}

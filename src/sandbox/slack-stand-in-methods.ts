/**
 * The Web API methods the Slack stand-in answers, one line each; the handlers live in one file per
 * method family. Each handler checks its arguments the way Slack does (error codes from docs.slack.dev
 * method pages, see docs/slack-platform.md §3–4) and changes the state through `StandInCore`, which
 * emits the events. A method not in this table answers `unknown_method`.
 */
import { chatDelete, chatPostEphemeral, chatPostMessage, chatUpdate } from './slack-stand-in-chat.js';
import { conversationsInfo, conversationsJoin, conversationsOpen } from './slack-stand-in-conversations.js';
import { filesCompleteUploadExternal, filesGetUploadUrlExternal, filesInfo } from './slack-stand-in-files.js';
import { conversationsHistory, conversationsReplies } from './slack-stand-in-history.js';
import { authTest, usersInfo, usersLookupByEmail } from './slack-stand-in-users.js';
import { viewsOpen, viewsPublish } from './slack-stand-in-views.js';
import type { MethodHandler } from './slack-stand-in-wire.js';

export const WEB_API_METHODS: Readonly<Record<string, MethodHandler>> = {
  'auth.test': authTest,
  'chat.postMessage': chatPostMessage,
  'chat.update': chatUpdate,
  'chat.delete': chatDelete,
  'chat.postEphemeral': chatPostEphemeral,
  'conversations.join': conversationsJoin,
  'conversations.info': conversationsInfo,
  'conversations.open': conversationsOpen,
  'conversations.history': conversationsHistory,
  'conversations.replies': conversationsReplies,
  'files.getUploadURLExternal': filesGetUploadUrlExternal,
  'files.completeUploadExternal': filesCompleteUploadExternal,
  'files.info': filesInfo,
  'users.info': usersInfo,
  'users.lookupByEmail': usersLookupByEmail,
  'views.publish': viewsPublish,
  'views.open': viewsOpen,
};

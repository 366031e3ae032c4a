/**
 * The Slack stand-in's HTTP side: routing, `POST|GET /api/<method>` (Web API), `POST /upload/<fileId>`
 * (the `upload_url` of files.getUploadURLExternal), `GET /files/<id>/<name>` (file bytes) and
 * `POST /response/<id>` (response_url), each call recorded with its answer. Wire format and error codes
 * follow docs/slack-platform.md §2, §3, §4 and §10.3.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MultipartError, multipartBoundary, parseMultipart } from './multipart.js';
import { bool, parseApiArgs, readBody, str } from './request-body.js';
import { failureAnswer, type StandInFaults } from './slack-stand-in-faults.js';
import { WEB_API_METHODS } from './slack-stand-in-methods.js';
import type { StandInState } from './slack-stand-in-state.js';
import type { RecordedCall, SlackStandInOptions } from './slack-stand-in-types.js';
import { type ApiResponse, checkBlocks, fail, isRecord } from './slack-stand-in-wire.js';

const API_BODY_LIMIT = 2 * 1024 * 1024;
const UPLOAD_BODY_LIMIT = 50 * 1024 * 1024;
const SCOPES =
  'chat:write,chat:write.public,channels:join,channels:read,groups:read,im:read,mpim:read,im:write,files:write,users:read,users:read.email';

type CallBase = Pick<RecordedCall, 'method' | 'args' | 'token'>;

export interface StandInServerDeps {
  state: StandInState;
  faults: StandInFaults;
  /** The accepted bot token; when set, other tokens get `invalid_auth`. */
  token?: string | undefined;
  onUnhandled?: SlackStandInOptions['onUnhandled'];
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** An http.Server (not yet listening) that answers for the stand-in's state. */
export function createStandInServer(deps: StandInServerDeps): Server {
  const http = new StandInHttp(deps);
  return createServer((req, res) => {
    void http.handle(req, res);
  });
}

class StandInHttp {
  private readonly state: StandInState;
  private readonly faults: StandInFaults;

  constructor(private readonly deps: StandInServerDeps) {
    this.state = deps.state;
    this.faults = deps.faults;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [rawPath = '/', query = ''] = (req.url ?? '/').split('?', 2);
    const method = req.method ?? 'GET';
    try {
      if (rawPath.startsWith('/api/') && (method === 'POST' || method === 'GET')) {
        await this.handleApi(req, res, safeDecode(rawPath.slice(5)), new URLSearchParams(query));
      } else if (rawPath.startsWith('/upload/') && method === 'POST') {
        await this.handleUpload(req, res, safeDecode(rawPath.slice(8)));
      } else if (rawPath.startsWith('/files/') && (method === 'GET' || method === 'HEAD')) {
        this.serveFile(res, safeDecode(rawPath.split('/')[2] ?? ''), method === 'HEAD');
      } else if (rawPath.startsWith('/response/') && method === 'POST') {
        await this.handleResponseUrl(req, res, safeDecode(rawPath.slice(10)));
      } else if (this.deps.onUnhandled) {
        this.deps.onUnhandled(req, res);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      }
    } catch (error) {
      process.emitWarning(`Slack stand-in failed on ${method} ${rawPath}: ${String(error)}`);
      if (!res.headersSent) {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"ok":false,"error":"internal_error"}');
      } else {
        res.destroy();
      }
    } finally {
      this.state.notify();
    }
  }

  private record(base: CallBase, status: number, response: unknown): void {
    const call: RecordedCall = {
      method: base.method,
      args: base.args,
      status,
      response,
      at: this.state.now(),
    };
    if (base.token !== undefined) call.token = base.token;
    this.state.recordCall(call);
  }

  private send(
    res: ServerResponse,
    base: CallBase,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    this.record(base, status, body);
    const text = typeof body === 'string';
    res.writeHead(status, {
      'content-type': text ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      'x-oauth-scopes': SCOPES,
      ...headers,
    });
    res.end(text ? body : JSON.stringify(body));
  }

  /** Answers with the next queued fault for this call, if any; 'after' = handle the call, then hang. */
  private sendFault(res: ServerResponse, base: CallBase, json: boolean): boolean | 'after' {
    const fault = this.faults.take(base.method, base.args);
    if (!fault) return false;
    if ('hang' in fault) {
      this.faults.hold(res);
      if (fault.hang === 'after') return 'after';
      this.record(base, 0, 'hung');
      return true;
    }
    const answer = failureAnswer(fault, json);
    this.send(res, base, answer.status, answer.body, answer.headers);
    return true;
  }

  private async handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    query: URLSearchParams,
  ): Promise<void> {
    const read = await readBody(req, API_BODY_LIMIT);
    const headerToken = bearer(req);
    if (!read.ok) {
      this.send(res, { method, args: {}, token: headerToken }, 413, 'request entity too large');
      return;
    }
    const parsed = parseApiArgs(req.headers['content-type'], read.body, query);
    const token = headerToken ?? parsed.token;
    const base: CallBase = { method, args: parsed.args, token };
    const failed = this.sendFault(res, base, true);
    if (failed === true) return;
    const handler = Object.hasOwn(WEB_API_METHODS, method) ? WEB_API_METHODS[method] : undefined;
    let response: ApiResponse;
    if (!handler) response = fail('unknown_method');
    else if (!token) response = fail('not_authed');
    else if (this.deps.token !== undefined && token !== this.deps.token) response = fail('invalid_auth');
    else if (parsed.error) response = fail(parsed.error);
    else response = handler(this.state, parsed.args);
    if (failed === 'after') {
      // The call took effect but its answer is lost, as when a sender dies mid-call.
      this.record(base, 0, response);
      return;
    }
    this.send(res, base, 200, response);
  }

  private async handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> {
    const read = await readBody(req, UPLOAD_BODY_LIMIT);
    const base: CallBase = { method: 'upload_url', args: { file_id: fileId }, token: bearer(req) };
    const file = this.state.files.get(fileId);
    if (!file) return this.send(res, base, 404, 'file not found');
    if (!read.ok) return this.send(res, base, 413, 'request entity too large');
    if (this.sendFault(res, base, false)) return;
    let bytes = read.body;
    const contentType = req.headers['content-type'];
    if (multipartBoundary(contentType)) {
      let part: { data: Buffer } | undefined;
      try {
        const parts = parseMultipart(read.body, contentType);
        part =
          parts.find((p) => p.name === 'body' || p.name === 'file') ??
          parts.find((p) => p.filename !== undefined) ??
          parts[0];
      } catch (error) {
        if (!(error instanceof MultipartError)) throw error;
      }
      if (!part) return this.send(res, base, 400, 'invalid multipart body');
      bytes = part.data;
    }
    file.bytes = bytes;
    file.uploadedAt = Date.now();
    base.args = { file_id: fileId, filename: file.filename, length: bytes.length };
    this.send(res, base, 200, `OK - ${bytes.length}`);
  }

  private serveFile(res: ServerResponse, fileId: string, headOnly: boolean): void {
    const file = this.state.files.get(fileId);
    if (!file || file.uploadedAt === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('file not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) });
    res.end(headOnly ? undefined : file.bytes);
  }

  private async handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const read = await readBody(req, API_BODY_LIMIT);
    const base: CallBase = { method: 'response_url', args: {}, token: undefined };
    const target = this.state.responseTarget(id);
    if (!target) return this.send(res, base, 404, 'no_such_response_url');
    if (!read.ok) return this.send(res, base, 413, 'request entity too large');
    let payload: unknown;
    try {
      payload = JSON.parse(read.body.toString('utf8'));
    } catch {
      payload = undefined;
    }
    if (!isRecord(payload)) return this.send(res, base, 400, 'invalid_payload');
    base.args = payload;
    if (this.sendFault(res, base, false)) return;

    const state = this.state;
    const originalTs = target.messageTs ?? target.lastTs;
    const original = state.messages.find((m) => m.channel === target.channelId && m.ts === originalTs);
    if (bool(payload, 'delete_original')) {
      if (original) state.removeMessage(original);
      return this.send(res, base, 200, 'ok');
    }
    if (payload.blocks !== undefined && checkBlocks(state, payload.blocks)) {
      return this.send(res, base, 400, 'invalid_blocks');
    }
    const text = typeof payload.text === 'string' ? payload.text : undefined;
    const blocks = Array.isArray(payload.blocks) ? payload.blocks : undefined;
    const attachments = Array.isArray(payload.attachments) ? payload.attachments : undefined;
    if (!text && !blocks?.length && !attachments?.length) return this.send(res, base, 400, 'no_text');

    if (bool(payload, 'replace_original') && original) {
      original.text = text;
      original.blocks = blocks;
      original.attachments = attachments;
      original.replaceCount += 1;
      original.editedAt = Date.now();
      state.changeMessage(original);
      return this.send(res, base, 200, 'ok');
    }
    const threadTs = str(payload, 'thread_ts');
    const message = state.addMessage({
      channel: target.channelId,
      user: state.botUserId,
      botId: state.botId,
      ...(text !== undefined ? { text } : {}),
      ...(blocks ? { blocks } : {}),
      ...(attachments ? { attachments } : {}),
      ...(payload.response_type === 'in_channel' ? {} : { ephemeralTo: target.userId }),
      ...(threadTs ? { threadTs } : {}),
      viaResponseUrl: true,
    });
    target.lastTs = message.ts;
    this.send(res, base, 200, 'ok');
  }
}

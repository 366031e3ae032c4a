/**
 * A small, strict `multipart/form-data` parser (RFC 7578) for the Slack stand-in. Parts may hold binary
 * data (PNG bytes with CR, LF and `--` inside); the parser only splits on `CRLF--boundary`.
 */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary parameter of a multipart content type, or undefined when absent or invalid. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Parse a value of a header parameter such as `name="body"`; handles quoted strings with `\"` escapes. */
function headerParam(header: string, param: string): string | undefined {
  const re = new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
  const match = re.exec(header);
  if (!match) return undefined;
  if (match[1] !== undefined) return match[1].replace(/\\(.)/g, '$1');
  return match[2];
}

function parseHeaders(raw: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`malformed part header: ${line.slice(0, 80)}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Split a multipart body into parts. Throws MultipartError on anything malformed. */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] {
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new MultipartError('missing multipart boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: MultipartPart[] = [];

  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('multipart body has no boundary');
  pos += delimiter.length;
  for (;;) {
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw new MultipartError('expected CRLF after boundary');
    pos += 2;
    const headerEnd = body.indexOf(HEADER_END, pos);
    if (headerEnd < 0) throw new MultipartError('unterminated part headers');
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const dataStart = headerEnd + HEADER_END.length;
    const dataEnd = body.indexOf(nextDelimiter, dataStart);
    if (dataEnd < 0) throw new MultipartError('unterminated part body');

    const disposition = headers.get('content-disposition') ?? '';
    if (!/^form-data\s*(;|$)/i.test(disposition))
      throw new MultipartError('part without form-data disposition');
    const name = headerParam(disposition, 'name');
    if (name === undefined) throw new MultipartError('part without a name');
    const part: MultipartPart = { name, data: Buffer.from(body.subarray(dataStart, dataEnd)) };
    const filename = headerParam(disposition, 'filename');
    if (filename !== undefined) part.filename = filename;
    const partType = headers.get('content-type');
    if (partType !== undefined) part.contentType = partType;
    parts.push(part);
    pos = dataEnd + nextDelimiter.length;
  }
}

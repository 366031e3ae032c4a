/** The stand-in's multipart/form-data parser, on bodies made by FormData. */
import { describe, expect, it } from 'vitest';
import { MultipartError, parseMultipart } from './multipart.js';
import { PNG } from './slack-stand-in.test-support.js';

describe('parseMultipart', () => {
  it('splits binary parts produced by FormData', async () => {
    const form = new FormData();
    form.append('title', 'chart');
    form.append('body', new Blob([new Uint8Array(PNG)]), 'Untitled');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const parts = parseMultipart(body, request.headers.get('content-type') ?? undefined);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([
      ['title', undefined],
      ['body', 'Untitled'],
    ]);
    expect(parts[1]?.data.equals(PNG)).toBe(true);
  });

  it('throws MultipartError on malformed input', () => {
    const type = 'multipart/form-data; boundary=b';
    expect(() => parseMultipart(Buffer.from('--b\r\nno-header-end'), type)).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data\r\n\r\nx'), type)).toThrow(
      MultipartError,
    );
    expect(() => parseMultipart(Buffer.from('x'), 'text/plain')).toThrow(MultipartError);
  });
});

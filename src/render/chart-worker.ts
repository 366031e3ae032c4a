import { parentPort } from 'node:worker_threads';
import type { Digest } from '../domain/digest.js';
import type { ChartView } from '../domain/insights.js';
import { renderChartPng, warmUpRenderer } from './render-chart.js';
import { renderDigestPng } from './render-digest.js';

/** What to draw: a chart, or a digest's combined image. */
export type RenderJob = { kind: 'chart'; view: ChartView<string> } | { kind: 'digest'; digest: Digest };

/** A job for the chart worker. */
export type RenderRequest = { id: number } & RenderJob;

/** The worker's answer: the PNG bytes (transferred, not copied) or why rendering failed. */
export type RenderReply =
  | { id: number; ok: true; png: ArrayBuffer }
  | { id: number; ok: false; message: string };

/** The PNG's own ArrayBuffer when the Buffer spans all of it (canvas's do), else a copy of just its bytes. */
function ownBytes(png: Buffer): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = png;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) return buffer;
  return new Uint8Array(png).buffer;
}

const port = parentPort;
if (port === null) throw new Error('chart-worker must run in a worker thread (see render-pool.ts)');

port.on('message', (request: RenderRequest) => {
  let reply: RenderReply;
  try {
    const png = ownBytes(
      request.kind === 'digest' ? renderDigestPng(request.digest) : renderChartPng(request.view),
    );
    port.postMessage({ id: request.id, ok: true, png } satisfies RenderReply, [png]);
    return;
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

warmUpRenderer();

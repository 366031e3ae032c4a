import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSource } from '../demo/demo-source.js';
import { buildDigest, type Digest, digestRange } from '../domain/digest.js';
import type { InsightsData, MetricPoint } from '../domain/insights.js';
import { daysBetween } from '../domain/period.js';
import type { TextOp } from './chart-config.js';
import { DIGEST_HEIGHT, DIGEST_WIDTH, digestLayout, renderDigestPng } from './render-digest.js';
import { createRenderPool, type RenderPool } from './render-pool.js';

const asOf = '2026-11-20';
let demo: Digest;
let pool: RenderPool | undefined;

beforeAll(async () => {
  const data = await createDemoSource().load(digestRange('1w', asOf), new Date('2026-11-21T08:00:00Z'));
  demo = buildDigest(data, { openAlerts: 2 });
});

afterAll(async () => {
  await pool?.close();
});

function partial(): Digest {
  const points: MetricPoint[] = daysBetween('2026-11-07', asOf).flatMap((day, i) => [
    { day, metric: 'active_users', key: '', value: 10 + (i % 5) },
    { day, metric: 'pulls', key: 'library/nginx', value: 100 + i },
  ]);
  const data: InsightsData = {
    org: 'globex',
    asOf,
    from: '2026-11-07',
    to: asOf,
    members: [],
    points,
    provided: new Set(['active_users', 'pulls']),
  };
  return buildDigest(data, { openAlerts: 1 });
}

const texts = (ops: TextOp[]) => ops.map((t) => t.text);

/** Share of pixels in Docker blue (#1D63ED), the bars' and the line's colour. */
async function blueShare(png: Buffer): Promise<number> {
  const image = await loadImage(png);
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] === 0x1d && data[i + 1] === 0x63 && data[i + 2] === 0xed) n++;
  }
  return n / (image.width * image.height);
}

describe('digestLayout', () => {
  it('lays out a header, four tiles with figures and changes, and a footer', () => {
    const layout = digestLayout(demo);
    expect(layout.primary).toBeNull();
    expect(texts(layout.frame.texts)).toEqual([
      'Docker Insights — acme · week to Nov 20',
      'last 7 days (Nov 14 – Nov 20) · graphs per day · data as of 2026-11-20 · 2 open alerts',
    ]);
    expect(layout.insets).toHaveLength(4);
    const heads = layout.insets.map((inset) => texts(inset.texts)[0]);
    expect(heads).toEqual([
      'Active users · last 7 days',
      'Build success rate · last 7 days',
      'Containers run · last 7 days',
      'Pulled · last 7 days',
    ]);
    for (const inset of layout.insets) {
      expect(inset.texts[1]?.size).toBe(40);
      expect(inset.texts[2]?.text).toMatch(/^[↑↓] [\d.]+(%| pts?)$|^new$|^unchanged$/);
      const { x, y, width, height } = inset.box;
      expect(x).toBeGreaterThanOrEqual(40);
      expect(x + width).toBeLessThanOrEqual(DIGEST_WIDTH - 40);
      expect(y + height).toBeLessThanOrEqual(DIGEST_HEIGHT - 52);
    }
    // The change sits right after the big figure, not on top of it.
    const users = layout.insets[0]?.texts ?? [];
    expect(users[2]?.x ?? 0).toBeGreaterThan(40);
  });

  it('has the "Demo data" badge beside the title of a demo digest only', () => {
    expect(digestLayout(demo).frame.badges).toEqual([]);
    const layout = digestLayout({ ...demo, demo: true });
    expect(layout.frame.badges).toEqual([expect.objectContaining({ text: 'Demo data', x: 1160, size: 24 })]);
    const title = layout.frame.texts[0];
    expect(title?.text).toBe('Docker Insights — acme · week to Nov 20');
    expect((title?.maxWidth ?? 0) + 40).toBeLessThan(1160 - 150);
  });

  it('says what would provide a tile that has no data', () => {
    const layout = digestLayout(partial());
    expect(layout.insets.map((i) => texts(i.texts)[0])).toEqual([
      'Active users · last 7 days',
      'Pulled · last 7 days',
    ]);
    const notes = layout.frame.texts.filter((t) => t.lineHeight !== undefined).map((t) => t.text);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(
      /^No configured source provides builds per active user, .* \(insights-bot import <file>/,
    );
    expect(texts(layout.frame.texts)).toContain('Builds per day');
  });
});

describe('renderDigestPng', () => {
  it('renders the demo digest as a 1200×675 PNG', async () => {
    const png = renderDigestPng(demo);
    writeFileSync(join(tmpdir(), 'digest-test.png'), png);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 675]);
    expect(png.length).toBeLessThan(200_000);
    const share = await blueShare(png);
    // Four small graphs in one colour: some blue, mostly white.
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.3);
    const sparse = await blueShare(renderDigestPng(partial()));
    expect(sparse).toBeGreaterThan(0);
    expect(sparse).toBeLessThan(share);
  });

  it('paints the badge in a demo digest', async () => {
    const amber = async (png: Buffer) => {
      const image = await loadImage(png);
      const ctx = createCanvas(image.width, image.height).getContext('2d');
      ctx.drawImage(image, 0, 0);
      const data = ctx.getImageData(900, 10, 260, 70).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] === 0xe0 && data[i + 1] === 0x86 && data[i + 2] === 0x00) n++;
      }
      return n;
    };
    expect(await amber(renderDigestPng({ ...demo, demo: true }))).toBeGreaterThan(3000);
    expect(await amber(renderDigestPng(demo))).toBe(0);
  });

  it('renders the same bytes through the worker pool', async () => {
    pool = createRenderPool({ size: 1 });
    const png = await pool.renderDigest(demo);
    expect(png.equals(renderDigestPng(demo))).toBe(true);
  });
});

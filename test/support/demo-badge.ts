import { createCanvas, loadImage } from 'canvas';

/**
 * Pixels of the "Demo data" badge's amber (#E08600) in the top right corner of a chart or digest PNG,
 * where the badge sits: thousands when it is drawn, none when it is not.
 */
export async function demoBadgePixels(png: Buffer): Promise<number> {
  const image = await loadImage(png);
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(image.width - 300, 10, 260, 70).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] === 0xe0 && data[i + 1] === 0x86 && data[i + 2] === 0x00) n++;
  }
  return n;
}

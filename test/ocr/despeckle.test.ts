import { describe, expect, it } from 'vitest';
import { isolatedInkShare, median3, removeSpecks, SPECKLED_ISOLATED_SHARE, specklePx } from '../../pipeline/extract/ocr/despeckle.ts';
import { binarize, preprocess, type BinaryImage } from '../../pipeline/extract/ocr/preprocess.ts';
import type { GrayImage } from '../../pipeline/extract/ocr/render.ts';

const PX_PER_PT = 200 / 72;

/** A page of glyph-sized blocks and 2×2 decimal points, and its pixel count of ink. */
function page(): GrayImage {
  const w = 400;
  const h = 300;
  const img: GrayImage = { width: w, height: h, data: new Uint8Array(w * h).fill(255) };
  const rect = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) img.data[y * w + x] = 0;
  };
  for (let row = 20; row < 280; row += 40) {
    for (let x = 20; x < 360; x += 30) rect(x, row, x + 3, row + 20); // '1'-like strokes
    rect(370, row + 18, 373, row + 21); // a decimal point, 3×3 px (~1.1 pt at 200 dpi)
  }
  return img;
}
/** Seeded impulse noise: `share` of the pixels turned black (pepper) or white (salt). */
function speckle(img: GrayImage, share: number): GrayImage {
  const data = img.data.slice();
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < data.length; i++) if (rand() < share) data[i] = rand() < 0.5 ? 0 : 255;
  return { ...img, data };
}
const count = (b: BinaryImage) => b.data.reduce((n, v) => n + v, 0);

describe('despeckle', () => {
  it('erases specks up to specklePx but keeps decimal points', () => {
    const bin = binarize(page(), 128);
    const before = count(bin);
    for (const [x, y] of [[5, 5], [200, 10], [201, 11], [300, 295]]) bin.data[y! * bin.width + x!] = 1;
    expect(specklePx(PX_PER_PT)).toBeGreaterThanOrEqual(2);
    expect(specklePx(PX_PER_PT)).toBeLessThan(9); // a 3×3 point survives
    expect(removeSpecks(bin, specklePx(PX_PER_PT))).toBe(4);
    expect(count(bin)).toBe(before);
  });
  it('a speckled page is detected, median-filtered and comes out with nearly the clean ink', () => {
    const clean = binarize(page(), 128);
    expect(isolatedInkShare(clean)).toBe(0);
    const noisy = speckle(page(), 0.08);
    expect(isolatedInkShare(binarize(noisy, 128))).toBeGreaterThan(SPECKLED_ISOLATED_SHARE);
    const pre = preprocess(noisy, PX_PER_PT, { deskew: false, removeLines: false });
    expect(pre.speckled).toBe(true);
    expect(pre.gray).not.toBe(noisy);
    // Within 10 % of the clean ink (the median rounds block corners), against ~+90 % of noise
    // before; every decimal point kept.
    expect(count(binarize(noisy, 128)) - count(clean)).toBeGreaterThan(0.5 * count(clean));
    expect(Math.abs(count(pre.image) - count(clean))).toBeLessThan(0.1 * count(clean));
    for (let row = 20; row < 280; row += 40) expect(pre.image.data[(row + 19) * 400 + 371]).toBe(1);
  });
  it('leaves a clean page as it was', () => {
    const img = page();
    const pre = preprocess(img, PX_PER_PT, { deskew: false, removeLines: false });
    expect(pre.speckled).toBe(false);
    expect(pre.gray).toBe(img);
    expect(count(pre.image)).toBe(count(binarize(img, 128)));
  });
  it('median3 removes a lone dark pixel and keeps a 3-px stroke', () => {
    const img = page();
    img.data[5 * 400 + 5] = 0;
    const m = median3(img);
    expect(m.data[5 * 400 + 5]).toBe(255);
    expect(m.data[30 * 400 + 21]).toBe(0);
  });
});

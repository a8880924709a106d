/**
 * Uneven paper (lamp fall-off, a photocopier's shadow) must not turn into ink: after
 * flattening, one global threshold separates the text from all of the paper. Even paper is
 * left exactly as it is (null), so clean scans read as before.
 */
import { describe, expect, it } from 'vitest';
import { flattenBackground } from '../../pipeline/extract/ocr/background.ts';
import { binarize, otsuThreshold } from '../../pipeline/extract/ocr/preprocess.ts';
import type { GrayImage } from '../../pipeline/extract/ocr/render.ts';

const W = 600;
const H = 400;
const PX_PER_PT = 200 / 72;

/** Paper from `left` to `right` gray across the page, with short dark strokes ('text') in one band. */
function page(left: number, right: number): GrayImage {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const paper = Math.round(left + ((right - left) * x) / (W - 1));
      const text = y >= 100 && y < 112 && x % 20 < 6;
      data[y * W + x] = text ? Math.round(paper * 0.25) : paper;
    }
  }
  return { width: W, height: H, data };
}

const inkShare = (img: GrayImage, x0: number, x1: number, y0: number, y1: number) => {
  const bin = binarize(img, otsuThreshold(img.data));
  let ink = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink += bin.data[y * W + x]!;
  return ink / ((x1 - x0) * (y1 - y0));
};

describe('flattenBackground', () => {
  it('leaves even paper alone', () => {
    expect(flattenBackground(page(235, 240), PX_PER_PT)).toBeNull();
  });

  it('makes the dark end of a lit page paper again, and keeps the text ink', () => {
    const raw = page(250, 120);
    // Without flattening, Otsu splits the paper: the dark end of the empty page becomes ink.
    expect(inkShare(raw, 500, 600, 200, 400)).toBeGreaterThan(0.9);
    const flat = flattenBackground(raw, PX_PER_PT)!;
    expect(inkShare(flat, 0, W, 200, 400)).toBe(0);
    // The strokes on both ends are still ink.
    expect(inkShare(flat, 0, 6, 100, 112)).toBe(1);
    expect(inkShare(flat, 580, 586, 100, 112)).toBe(1);
  });
});

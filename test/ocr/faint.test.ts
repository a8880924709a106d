/**
 * Faint ruling lines (faint.ts): a rule much lighter than the text is only dashes after the
 * page's threshold, but whole on the faint-ink mask, which follows the paper's local level;
 * the broken-line finder reads that mask, so the line is found and erased, and the dim side of
 * an unevenly lit page is not taken for ink.
 */
import { describe, expect, it } from 'vitest';
import { faintInk } from '../../pipeline/extract/ocr/faint.ts';
import { binarize, otsuThreshold, removeRules } from '../../pipeline/extract/ocr/preprocess.ts';
import type { GrayImage } from '../../pipeline/extract/ocr/render.ts';

/** A 600×300 page at 1 px/pt: paper 232 dimming to 190 at the right; text strokes at 40; a faint rule at y 50 (gray 150, every 4th 6-px piece gone). */
function page(): GrayImage {
  const w = 600;
  const h = 300;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = Math.round(232 - (42 * x) / w);
  const set = (x0: number, y0: number, x1: number, y1: number, v: number) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * w + x] = v;
  };
  for (let x = 10; x < 590; x++) if (Math.floor(x / 6) % 4 !== 0) set(x, 50, x + 1, 52, 150);
  // Text: glyph-like blocks of strokes, 10 px tall, in two rows.
  for (const y of [100, 200]) for (let x = 20; x < 560; x += 16) for (let k = 0; k < 10; k += 3) set(x, y + k, x + 10, y + k + 1, 40);
  return { width: w, height: h, data };
}

describe('faint ruling lines', () => {
  it('marks the faint rule as ink, not the dim paper', () => {
    const g = page();
    const bin = binarize(g, otsuThreshold(g.data));
    const faint = faintInk(g, bin, 1);
    expect(faint.data[51 * 600 + 300]).toBe(1);
    expect(faint.data[250 * 600 + 580]).toBe(0); // dim paper, far right
    expect(faint.data[103 * 600 + 25]).toBe(1); // text stays ink
  });

  it('finds and erases the faint broken rule from the faint mask, not from the threshold alone', () => {
    const g = page();
    const threshold = 120; // set by the text: the rule (150) is paper to it
    const bin = binarize(g, threshold);
    for (let x = 10; x < 590; x++) if (x % 9 < 3 && Math.floor(x / 6) % 4 !== 0) bin.data[50 * 600 + x] = 1; // what of the rule survives the threshold: specks
    const o = { minH: 30, minV: 15, maxGap: 1, broken: { minH: 4, minV: 4, side: 3 } };
    expect(removeRules(bin, o).rules).toHaveLength(0);
    const { rules, image } = removeRules(bin, o, faintInk(g, bin, 1));
    expect(rules.some((r) => r.y0 >= 49 && r.y1 <= 52 && r.x1 - r.x0 > 500)).toBe(true);
    let left = 0;
    for (let x = 0; x < 600; x++) left += image.data[50 * 600 + x]!;
    expect(left).toBe(0);
    // The text rows are untouched.
    let text = 0;
    let before = 0;
    for (let y = 95; y < 215; y++) for (let x = 0; x < 600; x++) (text += image.data[y * 600 + x]!), (before += bin.data[y * 600 + x]!);
    expect(text).toBe(before);
  });
});

describe('broken column borders and columns of digits', () => {
  /** White 400×400, 1 px/pt: row borders every 30 px; a dashed column border at x 100; '1's at x 300, one per row, padded. */
  function table(): GrayImage {
    const w = 400;
    const h = 400;
    const data = new Uint8Array(w * h).fill(255);
    for (let y = 20; y <= 380; y += 30) for (let x = 10; x < 390; x++) data[y * w + x] = data[(y + 1) * w + x] = 0;
    for (let y = 20; y < 382; y++) if (Math.floor(y / 7) % 3 !== 0) data[y * w + 100] = data[y * w + 101] = 0;
    for (let y = 28; y < 380; y += 30) for (let k = 0; k < 16; k++) data[(y + k) * w + 300] = data[(y + k) * w + 301] = 0;
    return { width: w, height: h, data };
  }

  it('takes the dashed border that runs through the row borders for a line, not the digits that stop short of them', () => {
    const g = table();
    const bin = binarize(g, 128);
    const { rules } = removeRules(bin, { minH: 30, minV: 40, maxGap: 1, broken: { minH: 4, minV: 4, side: 3 } }, faintInk(g, bin, 1));
    const verticals = rules.filter((r) => r.y1 - r.y0 > r.x1 - r.x0);
    expect(verticals.some((r) => r.x0 >= 99 && r.x1 <= 102)).toBe(true);
    expect(verticals.some((r) => r.x0 >= 299 && r.x1 <= 302)).toBe(false);
  });
});

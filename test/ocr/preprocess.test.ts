import { describe, expect, it } from 'vitest';
import { binarize, estimateSkew, MAX_SKEW_DEG, otsuThreshold, preprocess, removeRules, toPgm, type BinaryImage } from '../../pipeline/extract/ocr/preprocess.ts';
import type { GrayImage } from '../../pipeline/extract/ocr/render.ts';
import { rotateGray } from '../../pipeline/extract/ocr/preprocess.ts';

function blank(w: number, h: number): GrayImage {
  return { width: w, height: h, data: new Uint8Array(w * h).fill(255) };
}
function rect(img: GrayImage, x0: number, y0: number, x1: number, y1: number, v = 0): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) img.data[y * img.width + x] = v;
}
function ink(b: BinaryImage, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) n += b.data[y * b.width + x]!;
  return n;
}

describe('otsuThreshold', () => {
  it('splits a two-level image between the levels', () => {
    const img = blank(100, 100);
    rect(img, 0, 0, 100, 30, 40);
    const t = otsuThreshold(img.data);
    expect(t).toBeGreaterThanOrEqual(40);
    expect(t).toBeLessThan(255);
    expect(ink(binarize(img, t), 0, 0, 100, 100)).toBe(3000);
  });
});

describe('estimateSkew', () => {
  it('finds the tilt of text-like rows and undoing it levels them', () => {
    const w = 600;
    const h = 400;
    const img = blank(w, h);
    const tilt = Math.tan((0.8 * Math.PI) / 180);
    // Dashed rows falling to the right by 0.8°.
    for (let row = 40; row < h - 40; row += 30)
      for (let x = 20; x < w - 20; x++) if (x % 12 < 8) rect(img, x, Math.round(row + x * tilt), x + 1, Math.round(row + x * tilt) + 3);
    const bin = binarize(img, 128);
    const deg = estimateSkew(bin, 2);
    expect(Math.abs(deg - 0.8)).toBeLessThan(0.06);
    expect(Math.abs(estimateSkew(binarize(rotateGray(img, deg), 128), 2))).toBeLessThan(0.06);
  });
  it('finds tilts up to ±3° on a table-like page (coarse-to-fine search)', () => {
    expect(MAX_SKEW_DEG).toBeGreaterThanOrEqual(3);
    // A level page: a ruled table with rows of glyph-sized blobs, like a 100-dpi scan.
    const level = blank(800, 1100);
    for (let row = 80; row < 1000; row += 28) {
      rect(level, 60, row, 740, row + 2);
      for (let x = 70; x < 730; x += 16) if ((x * 7 + row) % 5 !== 0) rect(level, x, row + 8, x + 11, row + 20);
    }
    for (const x of [60, 300, 520, 738]) rect(level, x, 80, x + 2, 990);
    for (const deg of [3, -3, 2.6, -1.35, 0.4]) {
      // rotateGray undoes a skew of its angle, so the opposite angle makes one.
      const bin = binarize(rotateGray(level, -deg), 128);
      expect(Math.abs(estimateSkew(bin) - deg)).toBeLessThan(0.2);
    }
  });
  it('reports 0 for level rows', () => {
    const img = blank(300, 200);
    for (let row = 20; row < 180; row += 25) rect(img, 10, row, 290, row + 2);
    expect(estimateSkew(binarize(img, 128))).toBe(0);
  });
});

describe('removeRules', () => {
  it('erases long ruling lines with gaps, keeps glyph-sized strokes, reports the lines', () => {
    const img = blank(400, 300);
    rect(img, 10, 50, 390, 52); // horizontal rule, 2 px thick
    rect(img, 200, 50, 201, 51, 255); // a 1-px hole from JPEG noise
    rect(img, 100, 10, 102, 290); // vertical rule
    rect(img, 150, 100, 170, 103); // '一' stroke, 20 px
    rect(img, 250, 100, 253, 125); // '1' stroke, 25 px
    const bin = binarize(img, 128);
    const { image, rules } = removeRules(bin, { minH: 83, minV: 42, maxGap: 1 });
    expect(ink(image, 0, 48, 400, 54) - ink(image, 95, 48, 105, 54)).toBe(0);
    expect(ink(image, 98, 0, 104, 300)).toBe(0);
    expect(ink(image, 150, 100, 170, 103)).toBe(60);
    expect(ink(image, 250, 100, 253, 125)).toBe(75);
    expect(rules).toEqual(
      expect.arrayContaining([
        { x0: 10, y0: 50, x1: 389, y1: 51 },
        { x0: 100, y0: 10, x1: 101, y1: 289 },
      ]),
    );
    expect(rules).toHaveLength(2);
  });
});

describe('removeRules on broken lines', () => {
  it('erases a dashed line no single run makes long, keeps a row of glyph strokes and aligned digits', () => {
    const img = blank(600, 300);
    for (let x = 10; x < 590; x += 40) rect(img, x, 50, x + 25, 52); // dashes 25 px, gaps 15 px
    for (let x = 20; x < 580; x += 60) rect(img, x, 150, x + 14, 153); // '一'-like strokes, 14 px
    for (let y = 180; y < 290; y += 30) rect(img, 300, y, 302, y + 19); // right-aligned '1's, 19 px
    const bin = binarize(img, 128);
    const broken = { minH: 17, minV: 25, side: 4 };
    const { image, rules } = removeRules(bin, { minH: 83, minV: 42, maxGap: 1, broken });
    expect(ink(image, 0, 48, 600, 54)).toBe(0);
    expect(rules).toEqual([{ x0: 10, y0: 50, x1: 594, y1: 51 }]);
    expect(ink(image, 0, 150, 600, 153)).toBe(ink(bin, 0, 150, 600, 153));
    expect(ink(image, 300, 180, 302, 290)).toBe(ink(bin, 300, 180, 302, 290));
  });
});

describe('preprocess', () => {
  it('thresholds, removes lines and encodes a PGM tesseract can read', () => {
    const img = blank(300, 200);
    rect(img, 0, 100, 300, 102, 30);
    rect(img, 40, 60, 50, 80, 30);
    const pre = preprocess(img, 200 / 72);
    expect(pre.skewDeg).toBe(0);
    expect(ink(pre.image, 0, 0, 300, 200)).toBe(200);
    const pgm = toPgm(pre.image);
    expect(new TextDecoder().decode(pgm.slice(0, 15))).toBe('P5\n300 200\n255\n');
    expect(pgm.length).toBe(15 + 300 * 200);
  });
});

describe('removeRules: glyph strokes in a column of left-aligned labels', () => {
  it('keeps vertical strokes that line up row under row (事, 行, 务) and still takes a dashed line', () => {
    const img = blank(400, 600);
    // Eight text rows, 70 px apart: a 28 px vertical stroke in each at x = 100 (60 % gaps).
    for (let y = 20; y < 560; y += 70) rect(img, 100, y, 102, y + 28);
    // A real broken line at x = 300: 40 px dashes, 6 px cuts.
    for (let y = 10; y < 590; y += 46) rect(img, 300, y, 302, y + 40);
    const bin = binarize(img, 128);
    const broken = { minH: 17, minV: 25, side: 4 };
    const { image, rules } = removeRules(bin, { minH: 400, minV: 150, maxGap: 1, broken });
    expect(ink(image, 98, 0, 104, 600)).toBe(ink(bin, 98, 0, 104, 600));
    expect(ink(image, 298, 0, 304, 600)).toBe(0);
    expect(rules.map((r) => r.x0)).toEqual([300]);
  });
});

describe('removeRules: a title glyph stroke is no vertical line', () => {
  it('keeps a short vertical stroke no horizontal rule meets, takes one that meets the frame', () => {
    const img = blank(400, 400);
    rect(img, 100, 20, 102, 60); // a 40 px stroke of a big title character, alone
    rect(img, 50, 150, 350, 152); // the table's top rule
    rect(img, 200, 150, 202, 190); // a 40 px cell border hanging from it
    const bin = binarize(img, 128);
    const { image, rules } = removeRules(bin, { minH: 100, minV: 30, maxGap: 1 });
    expect(ink(image, 98, 18, 104, 62)).toBe(ink(bin, 98, 18, 104, 62));
    expect(ink(image, 198, 153, 204, 192)).toBe(0);
    expect(rules.filter((r) => r.x1 - r.x0 < r.y1 - r.y0).map((r) => r.x0)).toEqual([200]);
  });
});

import { describe, expect, it } from 'vitest';
import { clearEdgeStrokes } from '../../pipeline/extract/ocr/paddle/edges.ts';
import type { GrayImage } from '../../pipeline/extract/ocr/render.ts';

/** A crop 30 px high (a 20-px box padded 5 px): digit-like blocks rows 5–24, paper 220. */
function crop(width: number): GrayImage {
  return { width, height: 30, data: new Uint8Array(width * 30).fill(220) };
}
const fill = (c: GrayImage, x0: number, x1: number, y0: number, y1: number, v = 40) => {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) c.data[y * c.width + x] = v;
};
const digits = (c: GrayImage, from: number, n: number) => {
  for (let k = 0; k < n; k++) fill(c, from + 12 * k, from + 12 * k + 8, 5, 24);
};

describe('clearEdgeStrokes', () => {
  it('paints over a faint border beside the last digit that runs on past the text', () => {
    const c = crop(100);
    digits(c, 6, 6); // columns 6–74
    fill(c, 88, 89, 1, 28, 170); // a faint rule, 2 px, through the margins
    expect(clearEdgeStrokes(c, 20)).toBe(2);
    expect(c.data[15 * 100 + 88]).toBe(220);
    expect(c.data[15 * 100 + 70]).toBe(40);
  });
  it("leaves a '1' at either edge (it stops at the digits' height) and strokes glued to the text", () => {
    const c = crop(100);
    digits(c, 10, 5);
    fill(c, 2, 3, 5, 24); // a narrow '1' first
    fill(c, 90, 91, 5, 24); // and last
    expect(clearEdgeStrokes(c, 20)).toBe(0);
    const glued = crop(100);
    digits(glued, 6, 6);
    fill(glued, 76, 77, 1, 28); // no paper between it and the text
    expect(clearEdgeStrokes(glued, 20)).toBe(0);
  });
  it("leaves a curved '（' that runs past a flat '一' alone", () => {
    const c = crop(60);
    for (let y = 1; y <= 28; y++) fill(c, y < 5 || y > 25 ? 4 : 2, y < 5 || y > 25 ? 5 : 3, y, y); // its ends bend right
    fill(c, 20, 40, 14, 16); // 一
    expect(clearEdgeStrokes(c, 20)).toBe(0);
  });
  it('paints a border before the first digit too', () => {
    const c = crop(100);
    digits(c, 20, 6);
    fill(c, 3, 4, 0, 29);
    expect(clearEdgeStrokes(c, 20)).toBe(2);
  });
});

/**
 * Salt-and-pepper noise removal before OCR. Impulse noise (a dusty scanner glass, a fax, a
 * noisy sensor) puts isolated dark pixels all over the page: tesseract reads them as '.', ',',
 * '`' and, dense enough, the page as no text at all (scan scorecard `speckle`: F1 0).
 *
 * Two steps, both cheap (one pass over the pixels):
 * - when a page is speckled (many ink pixels without an ink neighbour), a 3×3 median on the gray
 *   page before thresholding; it also cleans the gray crops that re-reads take. Not on clean
 *   pages: a median thins 1-px strokes.
 * - always, after thresholding: drop ink specks of at most specklePx(pxPerPt) pixels, far below
 *   a printed '.' (≥ ~1.2 pt square), so no decimal point is lost.
 */
import type { BinaryImage } from './preprocess.ts';
import type { GrayImage } from './render.ts';

/**
 * Largest speck removed: a square of 0.6 pt a side (2–3 px at 150–200 dpi, 6 at 300 dpi). The
 * smallest decimal point in the corpus (9 pt 宋体) is ~1.2 pt square, four times the area.
 */
export const SPECK_MAX_PT = 0.6;
/**
 * A page is speckled when at least this share of its ink pixels have no ink among their 8
 * neighbours. Rendered and scanned clean pages: ~0 (glyphs and lines are ≥ 2 px thick); the
 * scorecard's impulse noise: ~16 %.
 */
export const SPECKLED_ISOLATED_SHARE = 0.04;

export function specklePx(pxPerPt: number): number {
  return Math.max(1, Math.round((SPECK_MAX_PT * pxPerPt) ** 2));
}

/** Share of ink pixels (of a binarised page) that have no ink neighbour. */
export function isolatedInkShare(bin: BinaryImage): number {
  const { width: w, height: h, data } = bin;
  let ink = 0;
  let isolated = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!data[i]) continue;
      ink++;
      if (!data[i - w - 1] && !data[i - w] && !data[i - w + 1] && !data[i - 1] && !data[i + 1] && !data[i + w - 1] && !data[i + w] && !data[i + w + 1])
        isolated++;
    }
  }
  return ink ? isolated / ink : 0;
}

/** 3×3 median of a gray page (edges copied). */
export function median3(img: GrayImage): GrayImage {
  const { width: w, height: h, data } = img;
  const out = data.slice();
  const v = new Uint8Array(9);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      let k = 0;
      for (let dy = -w; dy <= w; dy += w) for (let dx = -1; dx <= 1; dx++) v[k++] = data[y * w + x + dy + dx]!;
      out[y * w + x] = median9(v);
    }
  }
  return { width: w, height: h, data: out };
}

/** Median of 9 values by partial insertion sort (the lower five). */
function median9(v: Uint8Array): number {
  for (let i = 1; i < 9; i++) {
    const x = v[i]!;
    let j = i - 1;
    while (j >= 0 && v[j]! > x) {
      v[j + 1] = v[j]!;
      j--;
    }
    v[j + 1] = x;
  }
  return v[4]!;
}

/** Erase 8-connected ink components of at most maxPx pixels; returns the number of pixels erased. */
export function removeSpecks(bin: BinaryImage, maxPx: number): number {
  const { width: w, height: h, data } = bin;
  const seen = new Uint8Array(w * h);
  const comp: number[] = [];
  const stack: number[] = [];
  let erased = 0;
  for (let start = 0; start < data.length; start++) {
    if (!data[start] || seen[start]) continue;
    comp.length = 0;
    stack.push(start);
    seen[start] = 1;
    // Flood fill, but stop collecting once the component is too big to be a speck.
    while (stack.length) {
      const i = stack.pop()!;
      if (comp.length <= maxPx) comp.push(i);
      const x = i % w;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = (i - x) / w + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const j = yy * w + xx;
          if (data[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (comp.length <= maxPx) {
      for (const i of comp) data[i] = 0;
      erased += comp.length;
    }
  }
  return erased;
}

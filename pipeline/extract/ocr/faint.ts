/**
 * A more sensitive ink mask for finding faint ruling lines. A photocopied table's rules can be
 * lighter than its text by half: after the page's Otsu threshold (set by the text) they survive
 * only as scattered dashes, too broken for the line finder, and stay on the page as '|', '_'
 * and '1'. Against the paper around them they are still clearly darker. So this mask marks
 * pixels darker than their local paper level by FAINT_CONTRAST; the local level (a high
 * percentile per block) follows paper tone and uneven light, where one global level would mark
 * a whole dim side of the page. Only the broken-line finder reads it (rules.ts): its thinness,
 * cover and span tests keep text, which this mask thickens, from passing for a line.
 */
import type { BinaryImage } from './preprocess.ts';
import type { GrayImage } from './render.ts';

/** A pixel this much darker than its local paper (share of the paper level) is ink for the line finder. */
export const FAINT_CONTRAST = 0.15;
/** Block side for the local paper level, in PDF points (~1/6 in: smaller than the light's gradient, larger than a glyph). */
const BLOCK_PT = 12;
/** The paper level of a block: this percentile of its pixels (text and lines cover well under half of a block). */
const PAPER_PERCENTILE = 0.8;

/** Paper level per block (row-major, `bw` blocks across). */
function paperLevels(g: GrayImage, block: number): { levels: Uint8Array; bw: number; bh: number } {
  const bw = Math.ceil(g.width / block);
  const bh = Math.ceil(g.height / block);
  const levels = new Uint8Array(bw * bh);
  const hist = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      hist.fill(0);
      let n = 0;
      for (let y = by * block; y < Math.min(g.height, (by + 1) * block); y++) {
        for (let x = bx * block; x < Math.min(g.width, (bx + 1) * block); x++) {
          hist[g.data[y * g.width + x]!]!++;
          n++;
        }
      }
      let seen = 0;
      let v = 0;
      while (v < 255 && seen + hist[v]! < PAPER_PERCENTILE * n) seen += hist[v++]!;
      levels[by * bw + bx] = v;
    }
  }
  return { levels, bw, bh };
}

/** Pixels darker than the local paper by FAINT_CONTRAST, plus every pixel of `bin` (the Otsu ink). */
export function faintInk(g: GrayImage, bin: BinaryImage, pxPerPt: number): BinaryImage {
  const block = Math.max(8, Math.round(BLOCK_PT * pxPerPt));
  const { levels, bw } = paperLevels(g, block);
  const data = new Uint8Array(g.width * g.height);
  for (let y = 0; y < g.height; y++) {
    const row = Math.floor(y / block) * bw;
    for (let x = 0; x < g.width; x++) {
      const i = y * g.width + x;
      data[i] = bin.data[i] || g.data[i]! < levels[row + Math.floor(x / block)]! * (1 - FAINT_CONTRAST) ? 1 : 0;
    }
  }
  return { width: g.width, height: g.height, data };
}

/**
 * A cell border left in a crop's margin: a faint or broken ruling line that the clean-up did not
 * find as a line (too faint, or in pieces shorter than a rule) sits beside the last or first
 * digit of an amount and the recogniser reads it as a digit: '268,776,000|' → '268,776,0001'
 * (an 80000 read as 800009, a 430000 as 4300004 on harsh scans).
 *
 * Such a stroke is told from a digit by its height: it runs through the line of text and on into
 * the crop's margins, where a '1' stops at the digits' height (~2/3 of a crop padded 0.25 h above
 * and below). A narrow band of columns at the crop's edge, darker than the paper over
 * EDGE_STROKE_COVER of the crop's height, straight (a full-width '（' curves), clear of the text
 * beside it and reaching past it, is painted paper.
 */
import type { GrayImage } from '../render.ts';

/** A pixel this much darker than the crop's paper is ink (faint rules included: faint.ts uses 15 %). */
const DARK_BELOW_PAPER = 28;
/** Share of the crop's height a border stroke covers (a digit: ~0.6 of a crop padded 0.25 h)… */
export const EDGE_STROKE_COVER = 0.6;
/** …and how far, in box heights, it runs on above or below the text beside it (a '1' does not). */
const EDGE_STROKE_BEYOND_H = 0.1;
/** Widest stroke, in box heights (a rule is 1–3 px; a '1' with its flag is wider, but does not cover enough). */
const EDGE_STROKE_W_H = 0.2;
/** Paper columns between the stroke and the text, in box heights (cell padding). */
const EDGE_GAP_H = 0.12;
/** A column with less ink than this share of the height is paper. */
const PAPER_COVER = 0.1;

/** Paint paper over a border stroke at either edge of the crop; `boxH` is the text box's height (px). Returns the columns painted. */
export function clearEdgeStrokes(crop: GrayImage, boxH: number): number {
  const { width: w, height: h, data } = crop;
  if (w < 4 || h < 4) return 0;
  const paper = percentile(data, 0.9);
  const cover = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    let n = 0;
    for (let y = 0; y < h; y++) if (data[y * w + x]! < paper - DARK_BELOW_PAPER) n++;
    cover[x] = n / h;
  }
  const maxW = Math.max(2, Math.round(EDGE_STROKE_W_H * boxH));
  const gap = Math.max(1, Math.round(EDGE_GAP_H * boxH));
  let painted = 0;
  for (const dir of [1, -1] as const) {
    const band = strokeAt(cover, dir, maxW, gap);
    if (!band || !straight(crop, band) || !runsBeyond(crop, band, paper, EDGE_STROKE_BEYOND_H * boxH)) continue;
    for (let x = band[0]; x <= band[1]; x++) for (let y = 0; y < h; y++) data[y * w + x] = paper;
    painted += band[1] - band[0] + 1;
  }
  return painted;
}

/**
 * The columns [x0, x1] of a border stroke met first from one edge (dir 1: the left, -1: the
 * right), within the margin: paper before it, a band ≤ maxW wide covering EDGE_STROKE_COVER,
 * then ≥ gap columns of paper towards the text.
 */
function strokeAt(cover: Float64Array, dir: 1 | -1, maxW: number, gap: number): [number, number] | null {
  const w = cover.length;
  const at = (k: number) => cover[dir === 1 ? k : w - 1 - k]!;
  let k = 0;
  while (k < w && at(k) < PAPER_COVER) k++;
  const start = k;
  let peak = 0;
  while (k < w && at(k) >= PAPER_COVER && k - start < maxW + 1) peak = Math.max(peak, at(k++));
  const end = k - 1;
  if (end < start || end - start + 1 > maxW || peak < EDGE_STROKE_COVER) return null;
  for (let g = 0; g < gap; g++) if (k + g >= w || at(k + g) >= PAPER_COVER) return null;
  const [a, b] = dir === 1 ? [start, end] : [w - 1 - end, w - 1 - start];
  return [a, b];
}

/** Most a straight stroke's darkest column moves from row to row of the deskewed page, px (a '（' curves by more). */
const STRAIGHT_PX = 1;

/** Is the band's ink one straight vertical stroke: its darkest column the same (± STRAIGHT_PX) in every row? */
function straight(crop: GrayImage, band: [number, number]): boolean {
  const { width: w, height: h, data } = crop;
  let lo = Infinity;
  let hi = -Infinity;
  const ink = percentile(data, 0.9) - DARK_BELOW_PAPER;
  for (let y = 0; y < h; y++) {
    let best = -1;
    for (let x = band[0]; x <= band[1]; x++) if (data[y * w + x]! < ink && (best < 0 || data[y * w + x]! < data[y * w + best]!)) best = x;
    if (best < 0) continue;
    lo = Math.min(lo, best);
    hi = Math.max(hi, best);
  }
  return hi - lo <= STRAIGHT_PX;
}

/** Does the band's ink reach `beyond` px above or below the ink of the rest of the crop? */
function runsBeyond(crop: GrayImage, band: [number, number], paper: number, beyond: number): boolean {
  const { width: w, height: h, data } = crop;
  const dark = (x: number, y: number) => data[y * w + x]! < paper - DARK_BELOW_PAPER;
  const rows = (inBand: boolean) => {
    let top = h;
    let bottom = -1;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        if ((x >= band[0] && x <= band[1]) !== inBand || !dark(x, y)) continue;
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    return { top, bottom };
  };
  const stroke = rows(true);
  const text = rows(false);
  if (text.bottom < 0) return false;
  return stroke.top < text.top - beyond || stroke.bottom > text.bottom + beyond;
}

function percentile(data: Uint8Array, q: number): number {
  const hist = new Uint32Array(256);
  for (const v of data) hist[v]!++;
  let n = 0;
  const want = q * data.length;
  for (let v = 0; v < 256; v++) if ((n += hist[v]!) >= want) return v;
  return 255;
}

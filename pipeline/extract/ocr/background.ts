/**
 * Uneven paper: a page lit from one side, a photocopy that darkens toward the spine, toned paper.
 * One global threshold (Otsu) then splits the page into its light and its dark paper instead
 * of paper and ink: on a sparse page (a table's last rows, a landscape continuation) the darker
 * half of the paper turns into ink and the recogniser reads it as a line of junk characters.
 *
 * The fix is flat-fielding: estimate the paper's brightness everywhere (the bright end of each
 * coarse block, then the median over neighbouring blocks so a block full of ink takes its
 * neighbours' paper) and divide it out, so paper is white everywhere and ink keeps its contrast. Pages whose
 * paper is even are returned unchanged (null), so clean scans read exactly as before.
 */
import type { GrayImage } from './render.ts';

/** Block edge, pt: larger than a character cell (~10–12 pt), so most blocks show paper. */
const BLOCK_PT = 14;
/**
 * Paper brighter in one block than in another by fewer gray levels than this counts as even:
 * JPEG and sensor noise move a block's brightest pixel by a few levels; a lamp's fall-off or a
 * photocopier's shadow moves it by tens.
 */
const UNEVEN_MIN_LEVELS = 24;
/** Share of a block's pixels at or below its paper level: the rest are the brightest outliers. */
const PAPER_SHARE = 0.95;

/** The page divided by its paper brightness, or null when the paper is even (nothing to do). */
export function flattenBackground(img: GrayImage, pxPerPt: number): GrayImage | null {
  const block = Math.max(8, Math.round(BLOCK_PT * pxPerPt));
  const paper = medianOfNeighbours(blockPaper(img, block));
  let lo = 255;
  let hi = 0;
  for (const v of paper.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi - lo < UNEVEN_MIN_LEVELS) return null;
  return divide(img, paper, block);
}

/**
 * Coarse map: each block's paper level, the gray level that PAPER_SHARE of its pixels reach (a
 * high percentile, not the maximum: a bright JPEG or noise pixel is not paper).
 */
function blockPaper(img: GrayImage, block: number): GrayImage {
  const width = Math.ceil(img.width / block);
  const height = Math.ceil(img.height / block);
  const hist = new Uint32Array(width * height * 256);
  for (let y = 0; y < img.height; y++) {
    const row = y * img.width;
    const out = Math.floor(y / block) * width;
    for (let x = 0; x < img.width; x++) hist[(out + Math.floor(x / block)) * 256 + img.data[row + x]!]!++;
  }
  const data = new Uint8Array(width * height);
  for (let k = 0; k < data.length; k++) {
    let n = 0;
    for (let v = 0; v < 256; v++) n += hist[k * 256 + v]!;
    let above = 0;
    let v = 255;
    while (v > 0 && (above += hist[k * 256 + v]!) < n * (1 - PAPER_SHARE)) v--;
    data[k] = v;
  }
  return { width, height, data };
}

/**
 * Each block takes the median of itself and its neighbours: a block covered by ink (a seal, a
 * bold heading) takes its neighbours' paper, and a straight edge between two kinds of paper
 * (toned paper beside the white corner a deskewed or shifted scan leaves) stays where it is
 * instead of spreading a block into the page, as a maximum would.
 */
function medianOfNeighbours(map: GrayImage): GrayImage {
  const { width, height } = map;
  const data = new Uint8Array(width * height);
  const near: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      near.length = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) near.push(map.data[yy * width + xx]!);
      }
      near.sort((a, b) => a - b);
      data[y * width + x] = near[near.length >> 1]!;
    }
  }
  return { width, height, data };
}

/** Pixel ÷ paper (bilinear between block centres) × 255, clamped. */
function divide(img: GrayImage, paper: GrayImage, block: number): GrayImage {
  const data = new Uint8Array(img.data.length);
  const clampX = (v: number) => Math.max(0, Math.min(paper.width - 1, v));
  const clampY = (v: number) => Math.max(0, Math.min(paper.height - 1, v));
  for (let y = 0; y < img.height; y++) {
    const fy = (y + 0.5) / block - 0.5;
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    const r0 = clampY(y0) * paper.width;
    const r1 = clampY(y0 + 1) * paper.width;
    for (let x = 0; x < img.width; x++) {
      const fx = (x + 0.5) / block - 0.5;
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      const a = clampX(x0);
      const b = clampX(x0 + 1);
      const top = paper.data[r0 + a]! * (1 - tx) + paper.data[r0 + b]! * tx;
      const bottom = paper.data[r1 + a]! * (1 - tx) + paper.data[r1 + b]! * tx;
      const bg = Math.max(1, top * (1 - ty) + bottom * ty);
      const i = y * img.width + x;
      data[i] = Math.min(255, Math.round((img.data[i]! * 255) / bg));
    }
  }
  return { width: img.width, height: img.height, data };
}

/**
 * Red official seals (公章) stamped over a table. In gray a seal's red (220, 30, 40) is as dark as
 * ink (luma ~88), so after thresholding its ring, star and text band are black blobs over the
 * numbers: words merge, ruling lines are lost, and the table with them.
 *
 * Here the colour page becomes gray with the red ink taken out: a red pixel (red well above
 * green and blue, and bright in red) takes its red channel as its gray level. Red ink on paper is
 * bright in red, so it turns to paper; black ink under the seal stays dark in every channel, so
 * the digits a seal covers survive. The seals' boxes are kept: OCR of the words under a seal is
 * less sure (the stamp's edges and a JPEG's colour bleed leave marks), so their confidence is
 * capped (`capUnderSeals`) — the cell is doubted, not the table.
 */
import type { TextItem } from '../../types.ts';

/** A box in pixels of the rendered page, inclusive-exclusive. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Red minus the larger of green and blue: 220−40 for seal ink; black, gray and paper ≈ 0; JPEG bleed next to black ink stays dark. */
export const SEAL_REDNESS = 48;
/** Red channel at least this: seal ink on paper is bright in red, ink tinted by a nearby seal is not. */
export const SEAL_MIN_RED = 110;
/** Seal pixels are counted in square blocks of this many pixels. */
const BLOCK_PX = 8;
/** A block with at least this share of red pixels belongs to a seal (a ring stroke crossing it). */
const BLOCK_MIN_SHARE = 0.06;
/** A seal is at least this big both ways (a 40 mm stamp is 113 pt; a red tick or a coloured word is not a seal). */
export const SEAL_MIN_PT = 28;
/** Clearly red (the seal's own ink, not a mix with paper or black ink): these give the seal's red level. */
const SEAL_CLEAR_REDNESS = 80;
/** A little red: a seal stroke's edge whose JPEG chroma faded. Lifted inside a seal's box only. */
export const SEAL_WEAK_REDNESS = 20;
/** Paper under a seal: this percentile of the neutral pixels' gray in its box (ink and shade are darker). */
const SEAL_PAPER_PERCENTILE = 0.9;
/**
 * At most this lift: a seal's red transmittance is ≥ ~0.6 (a red's red channel is its brightest),
 * so a larger ratio means the paper estimate caught something else; black ink ×1.6 stays dark.
 */
const SEAL_MAX_GAIN = 1.6;
/** Confidence cap of an OCR word whose box overlaps a seal. */
export const SEAL_MAX_CONF = 0.5;
/** Words within this many points of a seal's box count as under it (its box is found before deskew). */
const SEAL_MARGIN_PT = 4;

/** ITU-R BT.601 luma (weights 77/150/29 sum to 256), with red seal ink turned to its red level; and the seals found. */
export function grayWithoutSeals(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, scale: number): { data: Uint8Array; seals: PixelBox[] } {
  const n = width * height;
  const out = new Uint8Array(n);
  const bw = Math.ceil(width / BLOCK_PX);
  const bh = Math.ceil(height / BLOCK_PX);
  const counts = new Uint16Array(bw * bh);
  let red = 0;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const r = rgba[j]!, g = rgba[j + 1]!, b = rgba[j + 2]!;
    if (r >= SEAL_MIN_RED && r - (g > b ? g : b) >= SEAL_REDNESS) {
      out[i] = r;
      red++;
      const y = Math.floor(i / width);
      const k = Math.floor(y / BLOCK_PX) * bw + Math.floor((i - y * width) / BLOCK_PX);
      counts[k] = counts[k]! + 1;
    } else out[i] = (77 * r + 150 * g + 29 * b) >> 8;
  }
  const seals = red ? sealBoxes(counts, bw, bh, scale) : [];
  if (seals.length) liftSealInk(rgba, out, width, seals);
  return { data: out, seals };
}

/**
 * A seal's red level is the paper's times the ink's red transmittance (0.86 for (220, 30, 40)),
 * and the paper under it is not always white: on a toned, unevenly lit page stamped with a
 * darker red, seal ink came out at gray 118–209 where the paper was 220 and the page's threshold
 * 201 — so the ring, star and band stayed ink and ran the digits under them into one box over
 * several rows. Inside each seal's box the red level is divided by that transmittance (the
 * median red of the clearly red pixels over the paper's level there): seal ink on paper becomes
 * the paper, black ink under the seal (dark in red: ~0.35 of the paper) its own gray. Pixels
 * only a little red (SEAL_WEAK_REDNESS: a JPEG's chroma, subsampled 2×2, fades at a stroke's
 * edge while its luma stays dark) are lifted the same way, never darkened.
 */
function liftSealInk(rgba: Uint8ClampedArray | Uint8Array, out: Uint8Array, width: number, seals: PixelBox[]): void {
  const { gain, paper } = sealGain(rgba, out, width, seals);
  for (const s of seals)
    for (let y = s.y0; y < s.y1; y++)
      for (let x = s.x0; x < Math.min(s.x1, width); x++) {
        const i = y * width + x;
        const r = rgba[i * 4]!;
        if (r < SEAL_MIN_RED || r - Math.max(rgba[i * 4 + 1]!, rgba[i * 4 + 2]!) < SEAL_WEAK_REDNESS) continue;
        // Never above the paper: a seal whiter than its paper is a bright ring that the paper
        // levelling (background.ts) takes for the paper, darkening everything around it.
        const lifted = Math.min(paper, Math.round(r * gain));
        if (lifted > out[i]!) out[i] = lifted;
      }
}

/** Paper level over the seal's red level inside the seals' boxes (within [1, SEAL_MAX_GAIN]), and that paper level. */
function sealGain(rgba: Uint8ClampedArray | Uint8Array, out: Uint8Array, width: number, seals: PixelBox[]): { gain: number; paper: number } {
  const reds = new Uint32Array(256);
  const paper = new Uint32Array(256);
  for (const s of seals)
    for (let y = s.y0; y < s.y1; y++)
      for (let x = s.x0; x < Math.min(s.x1, width); x++) {
        const i = y * width + x;
        const r = rgba[i * 4]!;
        const redness = r - Math.max(rgba[i * 4 + 1]!, rgba[i * 4 + 2]!);
        if (redness >= SEAL_CLEAR_REDNESS) reds[r]!++;
        else if (redness < SEAL_WEAK_REDNESS / 2) paper[out[i]!]!++;
      }
  const sealRed = percentile(reds, 0.5);
  const paperLevel = percentile(paper, SEAL_PAPER_PERCENTILE);
  if (!sealRed || !paperLevel) return { gain: 1, paper: 255 };
  return { gain: Math.min(SEAL_MAX_GAIN, Math.max(1, paperLevel / sealRed)), paper: paperLevel };
}

/** The level below which a share `q` of a histogram's counts lie; 0 for an empty histogram. */
function percentile(hist: Uint32Array, q: number): number {
  let n = 0;
  for (const v of hist) n += v;
  if (!n) return 0;
  for (let i = 0, c = 0; i < 256; i++) if ((c += hist[i]!) >= q * n) return i;
  return 255;
}

/** Connected groups of red blocks (8-neighbours, one empty block bridged) at least SEAL_MIN_PT both ways. */
function sealBoxes(counts: Uint16Array, bw: number, bh: number, scale: number): PixelBox[] {
  const min = Math.ceil(BLOCK_MIN_SHARE * BLOCK_PX * BLOCK_PX);
  const seen = new Uint8Array(bw * bh);
  const out: PixelBox[] = [];
  const minBlocks = (SEAL_MIN_PT * scale) / BLOCK_PX;
  for (let start = 0; start < counts.length; start++) {
    if (seen[start] || counts[start]! < min) continue;
    let [x0, y0, x1, y1] = [bw, bh, 0, 0];
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const k = stack.pop()!;
      const x = k % bw, y = (k - x) / bw;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) {
          const nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
          const m = ny * bw + nx;
          if (!seen[m] && counts[m]! >= min) {
            seen[m] = 1;
            stack.push(m);
          }
        }
    }
    if (x1 - x0 >= minBlocks && y1 - y0 >= minBlocks) out.push({ x0: x0 * BLOCK_PX, y0: y0 * BLOCK_PX, x1: x1 * BLOCK_PX, y1: y1 * BLOCK_PX });
  }
  return out;
}

/**
 * Seal boxes (found on the page as rendered) where preprocess.ts rotateGray moved them: the
 * page turned by −deg about its centre; the box of the turned corners.
 */
export function deskewBoxes(seals: PixelBox[], width: number, height: number, deg: number): PixelBox[] {
  if (!deg) return seals;
  const rad = (deg * Math.PI) / 180;
  const [cos, sin, cx, cy] = [Math.cos(rad), Math.sin(rad), width / 2, height / 2];
  return seals.map((s) => {
    const pts = [[s.x0, s.y0], [s.x1, s.y0], [s.x0, s.y1], [s.x1, s.y1]].map(([x, y]) => {
      const [dx, dy] = [x! - cx, y! - cy];
      return [cx + dx * cos + dy * sin, cy - dx * sin + dy * cos] as const;
    });
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    return { x0: Math.floor(Math.min(...xs)), y0: Math.floor(Math.min(...ys)), x1: Math.ceil(Math.max(...xs)), y1: Math.ceil(Math.max(...ys)) };
  });
}

/** Seal boxes in points (what items and rules use). */
export function sealsToPoints(seals: PixelBox[], scale: number): PixelBox[] {
  const r = (v: number) => Math.round((v / scale) * 10) / 10;
  return seals.map((s) => ({ x0: r(s.x0), y0: r(s.y0), x1: r(s.x1), y1: r(s.y1) }));
}

/** Cap the confidence of the words under a seal (boxes in points); returns how many were capped. */
export function capUnderSeals(items: TextItem[], sealsPt: PixelBox[]): number {
  let capped = 0;
  for (const it of items) {
    const under = sealsPt.some((s) => it.x < s.x1 + SEAL_MARGIN_PT && it.x + it.w > s.x0 - SEAL_MARGIN_PT && it.y < s.y1 + SEAL_MARGIN_PT && it.y + it.h > s.y0 - SEAL_MARGIN_PT);
    if (under && it.conf > SEAL_MAX_CONF) {
      it.conf = SEAL_MAX_CONF;
      capped++;
    }
  }
  return capped;
}

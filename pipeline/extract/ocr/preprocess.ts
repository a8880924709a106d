/**
 * Page-image clean-up before OCR, on raw pixel buffers: even out the paper (background.ts),
 * threshold (Otsu), despeckle
 * (despeckle.ts), deskew small rotations (projection profile), remove the table's ruling lines
 * (rules.ts).
 *
 * Why: on scanned tables tesseract reads the cell borders as glyphs ('|', '_', '1') and merges
 * them into numbers; without line removal 0–2 % of numbers were right, with it ~99.5 %
 * (STACK-NOTES). Deskew matters because a ruling line tilted by 0.5° no longer forms a long run
 * in one pixel row and so escapes removal.
 */
import { flattenBackground } from './background.ts';
import { isolatedInkShare, median3, removeSpecks, SPECKLED_ISOLATED_SHARE, specklePx } from './despeckle.ts';
import type { GrayImage } from './render.ts';
import { faintInk } from './faint.ts';
import { lineOptions, removeRules } from './rules.ts';

export { HLINE_MIN_PT, VLINE_MIN_PT, removeRules } from './rules.ts';

/** A 1-bit image, one byte per pixel: 1 = ink, 0 = background. */
export interface BinaryImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A removed ruling line in pixel coordinates (inclusive ends). */
export interface PixelRule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PreprocessOptions {
  /** Largest rotation searched for, in degrees. Default MAX_SKEW_DEG. */
  maxSkewDeg?: number;
  /** Turn off deskew (e.g. for born-digital pages rendered straight). */
  deskew?: boolean;
  /** Turn off ruling-line removal. */
  removeLines?: boolean;
  /** Turn off salt-and-pepper noise removal. */
  despeckle?: boolean;
  /** Look for broken ruling lines on the binary page only, not on the faint-ink mask (faint.ts). */
  faintRules?: boolean;
}

export interface Preprocessed {
  image: BinaryImage;
  /** The rotation found and undone, degrees; positive = text lines fell to the right. */
  skewDeg: number;
  threshold: number;
  /** The gray page thresholded: the input (its paper evened out when uneven: background.ts), or its 3×3 median when the page was speckled (for re-reads). */
  gray: GrayImage;
  /** `gray` rotated like `image` (the same object when no rotation was undone): crops for re-reading. */
  deskewed: GrayImage;
  /** Whether the page was speckled (median-filtered). */
  speckled: boolean;
  /** Ruling lines found (in the deskewed image), merged into segments. */
  rules: PixelRule[];
}

/**
 * ±4°: a sheet-fed scanner drifts < 1°, a hand-placed page on a flatbed or a photocopy of a
 * photocopy up to ~3°; 4° leaves margin. A bigger tilt is a photo and needs more than this.
 */
export const MAX_SKEW_DEG = 4;
/**
 * Coarse-to-fine search steps, degrees: each stage searches ± one step of the previous winner.
 * 0.25° drifts ~7 px over an A4 width at 200 dpi, well inside a text row's height, so the coarse
 * profile still peaks next to the true angle; 0.025° drifts < 1 px. ~50 profiles at ±4°, as
 * many as the old single 0.1° grid over ±2°.
 */
const SKEW_STEPS_DEG = [0.25, 0.05, 0.0125] as const;
/**
 * Below this, rotating costs more than it gains: a tilt under 0.3° drifts a 1-px ruling line by
 * one pixel row per ≥ 190 px (≥ 68 pt at 200 dpi, twice HLINE_MIN_PT), so line removal already
 * finds it, and tesseract reads such tilts unaided, while resampling softens every glyph (on the
 * public v5 scans, deskewing their 0.2–0.3° pages cost a misread table label).
 */
const MIN_DESKEW_DEG = 0.3;
/**
 * A page of text and ruling lines is never a fifth ink (table pages: 2–11 %). More means the
 * one threshold split uneven paper into light and dark (30–52 % on lit, toned scans): only then
 * is the paper evened out (background.ts) and the page thresholded again. Pages the threshold
 * served read exactly as before.
 */
const FAILED_THRESHOLD_INK = 0.2;

function inkShareOf(bin: BinaryImage): number {
  let n = 0;
  for (let i = 0; i < bin.data.length; i++) n += bin.data[i]!;
  return n / bin.data.length;
}

export function preprocess(img: GrayImage, pxPerPt: number, opts: PreprocessOptions = {}): Preprocessed {
  let gray = img;
  let threshold = otsuThreshold(gray.data);
  let bin = binarize(gray, threshold);
  const flat = inkShareOf(bin) > FAILED_THRESHOLD_INK ? flattenBackground(img, pxPerPt) : null;
  if (flat) {
    gray = flat;
    threshold = otsuThreshold(gray.data);
    bin = binarize(gray, threshold);
  }
  let speckled = false;
  if (opts.despeckle !== false) {
    speckled = isolatedInkShare(bin) >= SPECKLED_ISOLATED_SHARE;
    if (speckled) {
      gray = median3(gray);
      threshold = otsuThreshold(gray.data);
      bin = binarize(gray, threshold);
    }
    removeSpecks(bin, specklePx(pxPerPt));
  }
  let skewDeg = 0;
  let deskewed = gray;
  if (opts.deskew !== false) {
    skewDeg = estimateSkew(bin, opts.maxSkewDeg ?? MAX_SKEW_DEG);
    if (Math.abs(skewDeg) >= MIN_DESKEW_DEG) {
      deskewed = rotateGray(gray, skewDeg);
      bin = binarize(deskewed, threshold);
      if (opts.despeckle !== false) removeSpecks(bin, specklePx(pxPerPt));
    } else skewDeg = 0;
  }
  let rules: PixelRule[] = [];
  if (opts.removeLines !== false) {
    const found = removeRules(bin, lineOptions(pxPerPt), opts.faintRules === false ? bin : faintInk(deskewed, bin, pxPerPt));
    bin = found.image;
    rules = found.rules;
  }
  return { image: bin, skewDeg, threshold, gray, deskewed, speckled, rules };
}

/** Otsu's threshold: the gray level that maximises the between-class variance. Ink is ≤ threshold. */
export function otsuThreshold(gray: Uint8Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < gray.length; i++) hist[gray[i]!]!++;
  const total = gray.length;
  let sumAll = 0;
  for (let t = 0; t < 256; t++) sumAll += t * hist[t]!;
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let bestT = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

export function binarize(img: GrayImage, threshold: number): BinaryImage {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = img.data[i]! <= threshold ? 1 : 0;
  return { width: img.width, height: img.height, data };
}

/**
 * Projection-profile skew search: for each candidate angle, project the ink onto lines of that
 * slope; text rows and ruling lines make the profile sharpest (largest sum of squares) at the
 * true angle. Coarse grid, then finer ones around each winner (SKEW_STEPS_DEG).
 */
export function estimateSkew(bin: BinaryImage, maxDeg: number = MAX_SKEW_DEG): number {
  const pts = samplePoints(bin);
  let best = 0;
  let bestScore = -1;
  const scan = (from: number, to: number, step: number) => {
    for (let k = Math.ceil(from / step - 1e-9); k * step <= to + 1e-9; k++) {
      const a = k * step;
      const s = profileScore(pts, bin.width, bin.height, a);
      // Ties (e.g. an empty page) keep the angle nearest 0.
      if (s > bestScore || (s === bestScore && Math.abs(a) < Math.abs(best))) {
        bestScore = s;
        best = a;
      }
    }
  };
  scan(-maxDeg, maxDeg, SKEW_STEPS_DEG[0]);
  for (let i = 1; i < SKEW_STEPS_DEG.length; i++) {
    const around = best;
    const prev = SKEW_STEPS_DEG[i - 1]!;
    scan(Math.max(-maxDeg, around - prev), Math.min(maxDeg, around + prev), SKEW_STEPS_DEG[i]!);
  }
  return Math.round(best * 1000) / 1000 || 0;
}

/**
 * Ink pixels of every row but only every SKEW_SAMPLE_X-th column (4× less work, same profile
 * shape). Rows are never skipped: with every other row sampled, at 0° only every other profile
 * bin could fill, doubling the sum of squares there and pulling any tilt over ~2.5° to 0°.
 */
const SKEW_SAMPLE_X = 4;

function samplePoints(bin: BinaryImage): Int32Array {
  const out: number[] = [];
  for (let y = 0; y < bin.height; y++) {
    const row = y * bin.width;
    for (let x = 0; x < bin.width; x += SKEW_SAMPLE_X) if (bin.data[row + x]) out.push(x, y);
  }
  return Int32Array.from(out);
}

function profileScore(pts: Int32Array, width: number, height: number, deg: number): number {
  const t = Math.tan((deg * Math.PI) / 180);
  // y - x·tan(a) ranges beyond [0, height) by up to width·|tan(a)| on either side.
  const pad = Math.ceil(Math.abs(t) * width) + 1;
  const hist = new Float64Array(height + 2 * pad + 1);
  for (let i = 0; i < pts.length; i += 2) {
    const y0 = Math.round(pts[i + 1]! - pts[i]! * t) + pad;
    if (y0 >= 0 && y0 < hist.length) hist[y0]!++;
  }
  let s = 0;
  for (let i = 0; i < hist.length; i++) s += hist[i]! * hist[i]!;
  return s;
}

/**
 * Undo a skew of `deg` (text falling to the right) by rotating the gray page about its centre
 * (white fill), bilinear: thresholding the smooth result keeps
 * stroke edges straight, where a nearest-neighbour rotation of the binary page staircases them
 * (at 3° the staircase turned '1' into '4'). Crops for re-reads use it too, so they match.
 */
export function rotateGray(img: GrayImage, deg: number): GrayImage {
  const { width: w, height: h, data: src } = img;
  const out = new Uint8Array(w * h).fill(255);
  const rad = (deg * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      const fx = cx + dx * cos - dy * sin;
      const fy = cy + dx * sin + dy * cos;
      const xa = Math.floor(fx);
      const ya = Math.floor(fy);
      if (xa < 0 || ya < 0 || xa + 1 >= w || ya + 1 >= h) continue;
      const wx = fx - xa;
      const wy = fy - ya;
      const i = ya * w + xa;
      const top = src[i]! * (1 - wx) + src[i + 1]! * wx;
      const bottom = src[i + w]! * (1 - wx) + src[i + w + 1]! * wx;
      out[y * w + x] = Math.round(top * (1 - wy) + bottom * wy);
    }
  }
  return { width: w, height: h, data: out };
}

/** Netpbm P5 (8-bit gray) bytes of a binary image: leptonica inside tesseract reads it without decoding cost. */
export function toPgm(bin: BinaryImage): Uint8Array {
  return pgmBytes(bin.width, bin.height, (i) => (bin.data[i] ? 0 : 255));
}

function pgmBytes(width: number, height: number, px: (i: number) => number): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + width * height);
  out.set(header, 0);
  for (let i = 0; i < width * height; i++) out[header.length + i] = px(i);
  return out;
}

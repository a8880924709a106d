/**
 * Page-image clean-up before OCR, on raw pixel buffers: threshold (Otsu), despeckle
 * (despeckle.ts), deskew small rotations (projection profile), remove the table's ruling lines.
 *
 * Why: on scanned tables tesseract reads the cell borders as glyphs ('|', '_', '1') and merges
 * them into numbers; without line removal 0–2 % of numbers were right, with it ~99.5 %
 * (STACK-NOTES). Deskew matters because a ruling line tilted by 0.5° no longer forms a long run
 * in one pixel row and so escapes removal.
 */
import { isolatedInkShare, median3, removeSpecks, SPECKLED_ISOLATED_SHARE, specklePx } from './despeckle.ts';
import type { GrayImage } from './render.ts';

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
}

export interface Preprocessed {
  image: BinaryImage;
  /** The rotation found and undone, degrees; positive = text lines fell to the right. */
  skewDeg: number;
  threshold: number;
  /** The gray page thresholded: the input, or its 3×3 median when the page was speckled (for re-reads). */
  gray: GrayImage;
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
 * Shortest horizontal run that is a ruling line, in PDF points. Table cells are ≥ ~40 pt wide and
 * horizontal borders span whole rows, while text strokes are at most one glyph (~10.5 pt) long;
 * 30 pt stays clear of a printed '——' (two em dashes ≈ 21 pt).
 */
export const HLINE_MIN_PT = 30;
/**
 * Shortest vertical run that is a ruling line, in PDF points. A table row is ≥ ~14 pt high and
 * column borders run through many rows; the tallest glyph strokes ('（', '|', 丨) are ≤ ~11 pt.
 */
export const VLINE_MIN_PT = 15;
/** Gap bridged inside a line, in PDF points: JPEG noise and blur punch 1-px holes into scanned lines. */
const LINE_GAP_PT = 0.5;
/**
 * Ink pixels beside a removed line that are at most this thick (pixels) are the line's blurred
 * edge, not glyph strokes: left alone they OCR as '_' or '-' or '.'.
 */
const LINE_FRINGE_PX = 2;
/**
 * Fragments of a broken ruling line: horizontal dashes ≥ 6 pt (longer than any digit stroke);
 * vertical ones ≥ 9 pt, taller than a digit (~7 pt), whose right-aligned strokes line up in a
 * column and must not be taken for a line.
 */
const BROKEN_HFRAG_MIN_PT = 6;
const BROKEN_VFRAG_MIN_PT = 9;
/** How far to either side a fragment must be clear of ink (a glyph stroke has its glyph there). */
const BROKEN_SIDE_PT = 1.5;

export function preprocess(img: GrayImage, pxPerPt: number, opts: PreprocessOptions = {}): Preprocessed {
  let gray = img;
  let threshold = otsuThreshold(gray.data);
  let bin = binarize(gray, threshold);
  let speckled = false;
  if (opts.despeckle !== false) {
    speckled = isolatedInkShare(bin) >= SPECKLED_ISOLATED_SHARE;
    if (speckled) {
      gray = median3(img);
      threshold = otsuThreshold(gray.data);
      bin = binarize(gray, threshold);
    }
    removeSpecks(bin, specklePx(pxPerPt));
  }
  let skewDeg = 0;
  if (opts.deskew !== false) {
    skewDeg = estimateSkew(bin, opts.maxSkewDeg ?? MAX_SKEW_DEG);
    if (Math.abs(skewDeg) >= MIN_DESKEW_DEG) {
      bin = binarize(rotateGray(gray, skewDeg), threshold);
      if (opts.despeckle !== false) removeSpecks(bin, specklePx(pxPerPt));
    } else skewDeg = 0;
  }
  let rules: PixelRule[] = [];
  if (opts.removeLines !== false) {
    const found = removeRules(bin, {
      minH: Math.round(HLINE_MIN_PT * pxPerPt),
      minV: Math.round(VLINE_MIN_PT * pxPerPt),
      maxGap: Math.max(1, Math.round(LINE_GAP_PT * pxPerPt)),
      broken: {
        minH: Math.round(BROKEN_HFRAG_MIN_PT * pxPerPt),
        minV: Math.round(BROKEN_VFRAG_MIN_PT * pxPerPt),
        side: Math.max(3, Math.round(BROKEN_SIDE_PT * pxPerPt)),
      },
    });
    bin = found.image;
    rules = found.rules;
  }
  return { image: bin, skewDeg, threshold, gray, speckled, rules };
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

interface LineOptions {
  /** Shortest horizontal run that is a line, pixels. */
  minH: number;
  /** Shortest vertical run that is a line, pixels. */
  minV: number;
  /** Largest hole bridged inside a run, pixels. */
  maxGap: number;
  /** Also remove broken lines (markBrokenRuns): fragment lengths and side clearance, pixels. */
  broken?: { minH: number; minV: number; side: number };
}

/** Find long horizontal and vertical ink runs, erase them (with their thin fringe), return both. */
export function removeRules(bin: BinaryImage, o: LineOptions): { image: BinaryImage; rules: PixelRule[] } {
  const { width: w, height: h } = bin;
  const mask = new Uint8Array(w * h);
  const hRuns = markRuns(bin, mask, o.minH, o.maxGap, 'h');
  const vRuns = markRuns(bin, mask, o.minV, o.maxGap, 'v');
  if (o.broken) {
    hRuns.push(...markBrokenRuns(bin, mask, o.broken.minH, o.maxGap, o.broken.side, BROKEN_H_COVER, 'h'));
    vRuns.push(...markBrokenRuns(bin, mask, o.broken.minV, o.maxGap, o.broken.side, BROKEN_V_COVER, 'v'));
  }
  const data = bin.data.slice();
  for (let i = 0; i < data.length; i++) if (mask[i]) data[i] = 0;
  clearFringe(data, mask, w, h);
  return { image: { width: w, height: h, data }, rules: [...mergeRuns(hRuns, 'h'), ...mergeRuns(vRuns, 'v')] };
}

/**
 * A faint or photocopied ruling line breaks into dashes that no single run makes long enough.
 * A lane (± 1 pixel, residual skew) whose thin fragments of ≥ minFrag together cover this share
 * of the page is such a line: text never lines up long strokes on one pixel row or column.
 */
const BROKEN_H_COVER = 0.25;
const BROKEN_V_COVER = 0.2;
/** A fragment is thin when the lanes this far to either side hold under this share of ink. */
const BROKEN_SIDE_MAX_INK = 0.3;

/**
 * Mark the fragments of broken lines (see BROKEN_H_COVER); returns one rule per such lane, from
 * its first fragment to its last (a broken line is still the table's grid line).
 */
function markBrokenRuns(bin: BinaryImage, mask: Uint8Array, minFrag: number, maxGap: number, side: number, cover: number, dir: 'h' | 'v'): PixelRule[] {
  const { width: w, height: h } = bin;
  const lanes = dir === 'h' ? h : w;
  const len = dir === 'h' ? w : h;
  const at = dir === 'h' ? (lane: number, i: number) => lane * w + i : (lane: number, i: number) => i * w + lane;
  const ink = (lane: number, i: number) => lane >= 0 && lane < lanes && bin.data[at(lane, i)] === 1;
  const frags: [number, number][][] = [];
  const sum = new Float64Array(lanes);
  for (let lane = 0; lane < lanes; lane++) {
    const list: [number, number][] = [];
    let start = -1;
    let last = -1;
    const flush = () => {
      if (start < 0 || last - start + 1 < minFrag) return;
      let sideInk = 0;
      for (let i = start; i <= last; i++) sideInk += (ink(lane - side, i) ? 1 : 0) + (ink(lane + side, i) ? 1 : 0);
      if (sideInk <= BROKEN_SIDE_MAX_INK * 2 * (last - start + 1)) list.push([start, last]);
    };
    for (let i = 0; i < len; i++) {
      if (!bin.data[at(lane, i)] || mask[at(lane, i)]) continue;
      if (start >= 0 && i - last - 1 <= maxGap) last = i;
      else {
        flush();
        start = last = i;
      }
    }
    flush();
    frags.push(list);
    sum[lane] = list.reduce((s, [a, b]) => s + b - a + 1, 0);
  }
  const rules: PixelRule[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    const list = frags[lane]!;
    if (!list.length || (sum[lane - 1] ?? 0) + sum[lane]! + (sum[lane + 1] ?? 0) < cover * len) continue;
    for (const [a, b] of list) for (let i = a; i <= b; i++) mask[at(lane, i)] = 1;
    const lo = list[0]![0];
    const hi = list[list.length - 1]![1];
    rules.push(dir === 'h' ? { x0: lo, y0: lane, x1: hi, y1: lane } : { x0: lane, y0: lo, x1: lane, y1: hi });
  }
  return rules;
}

/** Mark runs (gaps ≤ maxGap bridged) of length ≥ minLen along rows ('h') or columns ('v'). */
function markRuns(bin: BinaryImage, mask: Uint8Array, minLen: number, maxGap: number, dir: 'h' | 'v'): PixelRule[] {
  const { width: w, height: h } = bin;
  const lanes = dir === 'h' ? h : w;
  const len = dir === 'h' ? w : h;
  const at = dir === 'h' ? (lane: number, i: number) => lane * w + i : (lane: number, i: number) => i * w + lane;
  const runs: PixelRule[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    let start = -1;
    let last = -1;
    const flush = () => {
      if (start >= 0 && last - start + 1 >= minLen) {
        for (let i = start; i <= last; i++) mask[at(lane, i)] = 1;
        runs.push(dir === 'h' ? { x0: start, y0: lane, x1: last, y1: lane } : { x0: lane, y0: start, x1: lane, y1: last });
      }
    };
    for (let i = 0; i < len; i++) {
      if (!bin.data[at(lane, i)]) continue;
      if (start >= 0 && i - last - 1 <= maxGap) last = i;
      else {
        flush();
        start = last = i;
      }
    }
    flush();
  }
  return runs;
}

/**
 * Erase ink directly above/below (left/right of) a removed pixel when that ink is a sliver at
 * most LINE_FRINGE_PX thick: the anti-aliased edge of a line, which thresholding half keeps.
 */
function clearFringe(data: Uint8Array, mask: Uint8Array, w: number, h: number): void {
  const inkRun = (x: number, y: number, dx: number, dy: number): number => {
    let n = 0;
    for (let k = 0; k <= LINE_FRINGE_PX; k++) {
      const xx = x + dx * k;
      const yy = y + dy * k;
      if (xx < 0 || yy < 0 || xx >= w || yy >= h || !data[yy * w + xx]) break;
      n++;
    }
    return n;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      for (const [dx, dy] of [[0, -1], [0, 1], [-1, 0], [1, 0]] as const) {
        const n = inkRun(x + dx, y + dy, dx, dy);
        if (n > 0 && n <= LINE_FRINGE_PX) {
          for (let k = 0; k < n; k++) data[(y + dy * (k + 1)) * w + (x + dx * (k + 1))] = 0;
        }
      }
    }
  }
}

/** Merge runs on adjacent lanes that overlap into one segment per drawn line (thick lines = many runs). */
function mergeRuns(runs: PixelRule[], dir: 'h' | 'v'): PixelRule[] {
  const out: PixelRule[] = [];
  const lane = (r: PixelRule) => (dir === 'h' ? r.y0 : r.x0);
  const lo = (r: PixelRule) => (dir === 'h' ? r.x0 : r.y0);
  const hi = (r: PixelRule) => (dir === 'h' ? r.x1 : r.y1);
  const open: PixelRule[] = [];
  const sorted = [...runs].sort((a, b) => lane(a) - lane(b) || lo(a) - lo(b));
  for (const r of sorted) {
    const hit = open.find((s) => lane(r) - (dir === 'h' ? s.y1 : s.x1) <= 1 && lo(r) <= hi(s) && hi(r) >= lo(s));
    if (hit) {
      hit.x0 = Math.min(hit.x0, r.x0);
      hit.y0 = Math.min(hit.y0, r.y0);
      hit.x1 = Math.max(hit.x1, r.x1);
      hit.y1 = Math.max(hit.y1, r.y1);
    } else {
      const seg = { ...r };
      open.push(seg);
      out.push(seg);
    }
    // Segments more than one lane behind can no longer grow.
    for (let i = open.length - 1; i >= 0; i--) if (lane(r) - (dir === 'h' ? open[i]!.y1 : open[i]!.x1) > 1) open.splice(i, 1);
  }
  return out;
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

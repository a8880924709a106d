/**
 * Ruling-line removal on a thresholded page: long ink runs (and the dashes of faint, broken
 * lines) are erased with their blurred fringe and returned as rules for the grid parser.
 * Split from preprocess.ts, which calls it after thresholding and deskew.
 */
import type { Rule } from '../../types.ts';
import type { BinaryImage, PixelRule } from './preprocess.ts';

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
 * Fragments of a broken ruling line: dashes ≥ 4 pt either way. They are looked for on the
 * faint-ink mask (faint.ts), where a faded line's dashes are long; a digit's stroke (~7 pt) can
 * be as long, but digits in a column cover under half of the stretch they span, and the lane
 * must pass BROKEN_SPAN_COVER and the thinness test (markBrokenRuns) to count as a line.
 */
const BROKEN_HFRAG_MIN_PT = 4;
const BROKEN_VFRAG_MIN_PT = 4;
/** A vertical line that meets few row borders needs a fragment taller than a digit (~7 pt) instead (crossesRows). */
const BROKEN_LONE_VFRAG_MIN_PT = 9;
/** How far to either side a fragment must be clear of ink (a glyph stroke has its glyph there). */
const BROKEN_SIDE_PT = 1.5;

export interface LineOptions {
  /** Shortest horizontal run that is a line, pixels. */
  minH: number;
  /** Shortest vertical run that is a line, pixels. */
  minV: number;
  /** Largest hole bridged inside a run, pixels. */
  maxGap: number;
  /**
   * Also remove broken lines (markBrokenRuns): fragment lengths and side clearance, pixels;
   * `minLoneV`: the fragment a vertical line that meets few row borders needs (crossesRows; default minV).
   */
  broken?: { minH: number; minV: number; side: number; minLoneV?: number };
}

/**
 * Find long horizontal and vertical ink runs, erase them (with their thin fringe), return both.
 * `faint` (faint.ts: the page's ink plus pixels clearly darker than the paper around them) is
 * where broken lines are looked for: a faint rule is whole there where the threshold left dashes.
 */
export function removeRules(bin: BinaryImage, o: LineOptions, faint: BinaryImage = bin): { image: BinaryImage; rules: PixelRule[] } {
  const { width: w, height: h } = bin;
  const mask = new Uint8Array(w * h);
  const hRuns = markRuns(bin, mask, o.minH, o.maxGap, 'h');
  const vRuns = markRuns(bin, mask, o.minV, o.maxGap, 'v');
  if (o.broken) {
    hRuns.push(...markBrokenRuns(faint, mask, o.broken.minH, o.maxGap, o.broken.side, BROKEN_H_COVER, 'h'));
    const rows = { rows: mergeRuns(hRuns, 'h'), minLone: o.broken.minLoneV ?? o.broken.minV };
    vRuns.push(...markBrokenRuns(faint, mask, o.broken.minV, o.maxGap, o.broken.side, BROKEN_V_COVER, 'v', rows));
  }
  const hSegs = mergeRuns(hRuns, 'h');
  const vSegs = mergeRuns(vRuns, 'v');
  const lone = vSegs.filter((v) => isLoneStroke(v, hSegs, o));
  // A lone stroke stays ink: it is part of a glyph, which must not lose it.
  for (const r of lone) for (let y = r.y0; y <= r.y1; y++) for (let x = r.x0; x <= r.x1; x++) mask[y * w + x] = 0;
  const data = bin.data.slice();
  for (let i = 0; i < data.length; i++) if (mask[i]) data[i] = 0;
  clearFringe(data, mask, w, h);
  return { image: { width: w, height: h, data }, rules: [...hSegs, ...vSegs.filter((v) => !lone.includes(v))] };
}

/**
 * A vertical run shorter than LONE_VLINE_MIN × minV that no horizontal rule meets is a glyph's
 * stroke, not a table's line: the 16–18 pt characters of a table title have strokes as tall as
 * VLINE_MIN_PT, and taking them for rules split the title ('2025年部' | '门一般公共…') and cost
 * the glyph its stroke. A table's vertical lines meet its horizontal ones, or run longer.
 */
const LONE_VLINE_MIN = 3;
/** How close (as a share of minV) a horizontal rule must come to a vertical one's span to meet it. */
const MEET_SHARE = 0.2;

function isLoneStroke(v: PixelRule, hSegs: PixelRule[], o: LineOptions): boolean {
  if (v.y1 - v.y0 + 1 >= LONE_VLINE_MIN * o.minV) return false;
  const tol = Math.max(2, Math.round(MEET_SHARE * o.minV));
  return !hSegs.some((hz) => hz.x0 - tol <= v.x1 && v.x0 <= hz.x1 + tol && hz.y0 - tol <= v.y1 && v.y0 <= hz.y1 + tol);
}

/**
 * A faint or photocopied ruling line breaks into dashes that no single run makes long enough.
 * A lane (± 1 pixel, residual skew) whose thin fragments of ≥ minFrag together cover this share
 * of the page is such a line: text never lines up long strokes on one pixel row or column.
 */
const BROKEN_H_COVER = 0.25;
const BROKEN_V_COVER = 0.2;
/**
 * A broken line's dashes cover most of the stretch from its first to its last dash (cuts and
 * photocopy gaps are short). Glyph strokes that happen to line up in a column of left-aligned
 * labels (事, 行, 务 one under the other) cover under half of it: one stroke per text row, row
 * padding between. Taking them for a line would erase those strokes (事 → 豆) and split the labels.
 */
const BROKEN_SPAN_COVER = 0.6;
/** A fragment is thin when the lanes this far to either side hold under this share of ink. */
const BROKEN_SIDE_MAX_INK = 0.3;

/**
 * Mark the fragments of broken lines (see BROKEN_H_COVER); returns one rule per such lane, from
 * its first fragment to its last (a broken line is still the table's grid line).
 */
function markBrokenRuns(bin: BinaryImage, mask: Uint8Array, minFrag: number, maxGap: number, side: number, cover: number, dir: 'h' | 'v', rows?: { rows: PixelRule[]; minLone: number }): PixelRule[] {
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
    const lo = list[0]![0];
    const hi = list[list.length - 1]![1];
    const solid = (i: number) => (lane > 0 && mask[at(lane - 1, i)] === 1) || mask[at(lane, i)] === 1 || (lane + 1 < lanes && mask[at(lane + 1, i)] === 1);
    if (spanCover([frags[lane - 1], list, frags[lane + 1]], lo, hi, solid) < BROKEN_SPAN_COVER) continue;
    if (rows && !crossesRows(bin, lane, lo, hi, rows.rows, list, rows.minLone)) continue;
    for (const [a, b] of list) for (let i = a; i <= b; i++) mask[at(lane, i)] = 1;
    rules.push(dir === 'h' ? { x0: lo, y0: lane, x1: hi, y1: lane } : { x0: lane, y0: lo, x1: lane, y1: hi });
  }
  return rules;
}

/**
 * A column border runs on through the row borders it meets; a column of digits lined up one
 * under another (the '1' of 2101… on every row) stops short of them, its cells padded. Where a
 * candidate vertical line meets at least MIN_CROSSINGS row borders, it must have ink just above
 * or below at CROSS_INKED of them; where it meets fewer, it must have a fragment as long as a
 * line's, not a digit's (`minLone`: BROKEN_LONE_VFRAG_MIN_PT).
 */
const MIN_CROSSINGS = 3;
const CROSS_INKED = 0.5;
/** Where to look for the line beyond a row border, pixels from the border's edge. */
const CROSS_REACH = [2, 3, 4] as const;

function crossesRows(bin: BinaryImage, lane: number, lo: number, hi: number, rows: PixelRule[], frags: [number, number][], minLone: number): boolean {
  const { width: w, height: h } = bin;
  const ink = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && bin.data[y * w + x] === 1;
  const near = (y: number) => [lane - 1, lane, lane + 1].some((x) => ink(x, y));
  const met = rows.filter((r) => r.x0 <= lane && r.x1 >= lane && r.y1 > lo && r.y0 < hi);
  if (met.length < MIN_CROSSINGS) return frags.some(([a, b]) => b - a + 1 >= minLone);
  const inked = met.filter((r) => CROSS_REACH.some((d) => near(r.y0 - d) || near(r.y1 + d))).length;
  return inked >= CROSS_INKED * met.length;
}

/**
 * Share of [lo, hi] covered by the fragments of the given lanes (a lane ± 1: residual skew) or
 * by stretches of the line already removed as solid runs (`solid`).
 */
function spanCover(lanes: ([number, number][] | undefined)[], lo: number, hi: number, solid: (i: number) => boolean): number {
  const hit = new Uint8Array(hi - lo + 1);
  for (const l of lanes) for (const [a, b] of l ?? []) for (let i = Math.max(a, lo); i <= Math.min(b, hi); i++) hit[i - lo] = 1;
  let covered = 0;
  for (let i = lo; i <= hi; i++) if (hit[i - lo] || solid(i)) covered++;
  return covered / hit.length;
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

/** The line-removal thresholds at a render scale (pixels per PDF point). */
export function lineOptions(pxPerPt: number): LineOptions {
  return {
    minH: Math.round(HLINE_MIN_PT * pxPerPt),
    minV: Math.round(VLINE_MIN_PT * pxPerPt),
    maxGap: Math.max(1, Math.round(LINE_GAP_PT * pxPerPt)),
    broken: {
      minH: Math.round(BROKEN_HFRAG_MIN_PT * pxPerPt),
      minV: Math.round(BROKEN_VFRAG_MIN_PT * pxPerPt),
      minLoneV: Math.round(BROKEN_LONE_VFRAG_MIN_PT * pxPerPt),
      side: Math.max(3, Math.round(BROKEN_SIDE_PT * pxPerPt)),
    },
  };
}

/**
 * A removed line (a box of pixels, a few thick) → the centre-line segment in points that the
 * text layer gives for a drawn rule (extract/pdf.ts): the parser tells horizontals from verticals
 * by y0 === y1 / x0 === x1, so a rule with thickness would be neither and go unused.
 */
export function toRule(r: PixelRule, pxPerPt: number): Rule {
  const f = (v: number) => Math.round((v / pxPerPt) * 100) / 100;
  if (!isVertical(r)) {
    const y = f((r.y0 + r.y1 + 1) / 2);
    return { x0: f(r.x0), y0: y, x1: f(r.x1 + 1), y1: y };
  }
  const x = f((r.x0 + r.x1 + 1) / 2);
  return { x0: x, y0: f(r.y0), x1: x, y1: f(r.y1 + 1) };
}

/** A removed line taller than wide: a column border (the rest are row borders). */
export function isVertical(r: PixelRule): boolean {
  return r.y1 - r.y0 > r.x1 - r.x0;
}

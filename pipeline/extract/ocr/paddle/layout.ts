/**
 * Text boxes from the cleaned binary page (ruling lines removed), without a detection model:
 * connected components of ink, merged into one-line boxes of neighbouring glyphs, never across a
 * removed vertical ruling line. The boxes go to the PaddleOCR recogniser (items.ts).
 *
 * Why not PaddleOCR's detection model: it costs ~12 s a page on this machine; on a table page
 * whose ruling lines are already removed, the text sits in well-separated one-line runs that
 * components find in tens of milliseconds.
 */
import type { BinaryImage, PixelRule } from '../preprocess.ts';
import { joinFragments, withFaintLead } from './fragments.ts';
import type { CropSource, PixelBox } from './items.ts';

/**
 * Largest horizontal gap between two glyphs of one box, in text heights. Characters of a label
 * sit ~0.1–0.3 h apart, digits closer; two cells' texts are separated by padding on both sides
 * of a border, ≥ ~1.5 h even where the border is invisible.
 */
const JOIN_GAP_H = 0.8;
/** Vertical slack when merging (a dot, a comma, the parts of 二 or 三 stacked in one character), in text heights. */
const JOIN_VGAP_H = 0.25;
/** A mark smaller than this many text heights either way is a dot, comma or dash (reach, mergeGlyphs). */
const SMALL_MARK_H = 0.35;
/** A merged box may be at most this many text heights tall (or this share above its tallest part): never two lines. */
const MAX_LINE_H = 1.5;
const MAX_GROWTH = 1.25;
/** Components taller than this many text heights are no glyphs (a seal's ring, a signature): left out. */
const MAX_GLYPH_H = 4;
/**
 * A leftover piece of a ruling line the clean-up missed (faint, tilted): a stroke thinner than
 * LINE_STROKE_W text heights and longer than LINE_STROKE_LEN. No glyph is that thin and that
 * long: '1' and '丨' are one text height tall, '一' one wide.
 */
const LINE_STROKE_W = 0.25;
const LINE_STROKE_LEN = 1.3;
/**
 * A flat leftover of a horizontal line: a couple of pixels high and wider than FLAT_STROKE_W
 * heights of the box it touches (a '一' or the strokes of '三' are about one character wide). It
 * joins the box but, like a dot, does not extend its reach.
 */
const FLAT_STROKE_W = 1.4;
const FLAT_STROKE_H = 0.15;
/**
 * A small mark this close (text heights) after the box's last full glyph is the text's own
 * punctuation (the 、 of 一、, the point of 15,897.44) and extends the box's reach: the prefix
 * 一、 ends ~0.75 h before its label, and the digits after a decimal point ~0.5 h after the
 * last full glyph, so without it they became boxes of their own (a prefix read as junk and
 * dropped, an amount cut in two).
 */
const TRAILING_MARK_GAP_H = 0.3;
/** How far above and below the line (in its heights) the removed ink between a fragment and its line must reach to be a column border. */
const FRAGMENT_BORDER_REACH_H = 1;
const MIN_INK_PX = 3;
/** A box needs some height to hold a character: smaller boxes alone are dots or dust. */
const MIN_BOX_H = 0.35;

interface Comp extends PixelBox {
  ink: number;
}

/** One-line text boxes on the cleaned binary page (`src.bin`). */
export function textBoxes(src: CropSource, vrules: PixelRule[] = []): PixelBox[] {
  const comps = components(src.bin).filter((c) => c.ink >= MIN_INK_PX);
  const th = textHeight(comps);
  if (!th) return [];
  const strokes = new Set(comps.filter((c) => isLineStroke(c, th) || isLoneBar(c, comps, th)));
  const glyphs = comps.filter((c) => c.y1 - c.y0 + 1 <= MAX_GLYPH_H * th && !strokes.has(c)).sort((a, b) => a.x0 - b.x0);
  const between = (a: PixelBox, b: PixelBox) => lineBetween(src, a, b) || strokeBetween([...strokes], a, b);
  // A column border runs through the row above and below a line of text; a glyph's stroke that
  // the clean-up took for a rule (the 16-pt strokes of a title) stays within the line.
  const borderBetween = (a: PixelBox, b: PixelBox) => lineBetween(src, a, b, FRAGMENT_BORDER_REACH_H) || strokeBetween([...strokes], a, b) || ruleBetween(vrules, a, b);
  const boxes = joinFragments(mergeGlyphs(glyphs, src.bin, th, between), th, borderBetween).map((b) => withFaintLead(src, b, th));
  // Inclusive pixel ends → exclusive, as items.ts crops them.
  return boxes
    .filter((b) => b.y1 - b.y0 + 1 >= MIN_BOX_H * th)
    .map((b) => ({ x0: b.x0, y0: b.y0, x1: b.x1 + 1, y1: b.y1 + 1 }))
    .sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

/**
 * Typical text height, pixels: the median height of components that look like whole glyphs
 * (digits and most Chinese characters are one component; taller-than-wide thin strokes too).
 */
export function textHeight(comps: Comp[]): number {
  const hs = comps
    .map((c) => c.y1 - c.y0 + 1)
    .filter((h) => h >= 5)
    .sort((a, b) => a - b);
  if (!hs.length) return 0;
  // The upper half: digits and whole characters, not the split strokes of 二 or the dots.
  return hs[Math.floor(hs.length * 0.75)]!;
}

/** A box being built: `reach` is where its last glyph of full size ends (small marks do not extend it). */
interface OpenBox extends PixelBox {
  reach: number;
  /** Where the box's own punctuation right after its last full glyph ends (TRAILING_MARK_GAP_H). */
  markReach: number;
}

/**
 * Greedy merge, left to right: each glyph joins the box it reaches (gap, height, no rule
 * between). A small mark (a dot, a comma, a dash of a broken line) joins a box but does not
 * extend its reach, so it cannot bridge two cells.
 */
function mergeGlyphs(glyphs: Comp[], bin: BinaryImage, th: number, ruleBetween: Between): PixelBox[] {
  const open: OpenBox[] = [];
  const done: PixelBox[] = [];
  const gap = JOIN_GAP_H * th;
  const vgap = JOIN_VGAP_H * th;
  for (const g of glyphs) {
    const small = Math.max(g.x1 - g.x0, g.y1 - g.y0) + 1 < SMALL_MARK_H * th;
    // Boxes that ended too far left can no longer grow.
    for (let i = open.length - 1; i >= 0; i--) if (Math.max(open[i]!.reach, open[i]!.markReach) + gap < g.x0) done.push(...open.splice(i, 1));
    let joined = false;
    for (const b of open) {
      if (g.x0 - Math.max(b.reach, b.markReach) > gap) continue;
      if (g.y0 > b.y1 + vgap || g.y1 < b.y0 - vgap) continue;
      const y0 = Math.min(b.y0, g.y0);
      const y1 = Math.max(b.y1, g.y1);
      const tallest = Math.max(b.y1 - b.y0, g.y1 - g.y0) + 1;
      if (y1 - y0 + 1 > Math.max(MAX_LINE_H * th, MAX_GROWTH * tallest)) continue;
      if (ruleBetween(b, g)) continue;
      b.x0 = Math.min(b.x0, g.x0);
      b.x1 = Math.max(b.x1, g.x1);
      const flat = g.y1 - g.y0 + 1 <= FLAT_STROKE_H * th && g.x1 - g.x0 + 1 > FLAT_STROKE_W * (b.y1 - b.y0 + 1);
      if (!small && !flat) b.reach = Math.max(b.reach, g.x1);
      else if (small && isTrailingMark(g, b, th)) b.markReach = Math.max(b.markReach, g.x1);
      b.y0 = y0;
      b.y1 = y1;
      joined = true;
      break;
    }
    if (!joined) open.push({ x0: g.x0, y0: g.y0, x1: g.x1, y1: g.y1, reach: g.x1, markReach: g.x1 });
  }
  return mergeOverlapping([...done, ...open].map(({ x0, y0, x1, y1 }) => ({ x0, y0, x1, y1 })), bin, th, ruleBetween);
}

/**
 * The text's own punctuation: a small mark close after the box's last full glyph (not after
 * another mark: a trail of specks or a seal's dots never extends a box), in the lower half of
 * the box and within its height, where 、 . , sit.
 */
function isTrailingMark(g: PixelBox, b: OpenBox, th: number): boolean {
  if (g.x0 - b.reach > TRAILING_MARK_GAP_H * th) return false;
  // A box of one thin stroke so far (一, the lower stroke of 二): the mark lies beside it.
  if (b.y1 - b.y0 + 1 < STROKE_BOX_H * th) return g.y0 >= b.y0 - STROKE_BOX_H * th && g.y1 <= b.y1 + STROKE_BOX_H * th;
  return g.y0 >= (b.y0 + b.y1) / 2 && g.y1 <= b.y1;
}
/** A box lower than this (text heights) holds only a thin stroke so far. */
const STROKE_BOX_H = 0.5;

/**
 * Boxes that overlap across (a glyph joined one of two boxes that both reach it; the stacked
 * parts of 三 or 公 that the left-to-right pass put into different boxes) are merged when the
 * result is still one text line (oneLine).
 */
function mergeOverlapping(boxes: PixelBox[], bin: BinaryImage, th: number, ruleBetween: Between): PixelBox[] {
  let changed = true;
  while (changed) {
    changed = false;
    boxes.sort((a, b) => a.x0 - b.x0);
    for (let i = 0; i < boxes.length && !changed; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (b.x0 > a.x1) break;
        const gapY = Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1);
        const u = { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
        if (gapY > JOIN_VGAP_H * th || u.y1 - u.y0 + 1 > MAX_STACK_H * th) continue;
        if (!oneLine(bin, u, th) || ruleBetween(a, b)) continue;
        boxes[i] = u;
        boxes.splice(j, 1);
        changed = true;
        break;
      }
    }
  }
  return boxes;
}

/** The tallest box a merge of overlapping boxes may make, in text heights (a title line). */
const MAX_STACK_H = 2.5;
/** A band of ink at least this many text heights tall on each side of a blank row makes two lines. */
const LINE_BAND_H = 0.5;

/**
 * Is the box one text line? Two lines show as a blank pixel row with a band of ink at least
 * LINE_BAND_H text heights tall above and below it; the strokes of 三 or 二 leave blank rows too,
 * but between bands thinner than that.
 */
export function oneLine(bin: BinaryImage, b: PixelBox, th: number): boolean {
  let first = -1;
  let blankAt = -1;
  for (let y = b.y0; y <= b.y1; y++) {
    let ink = false;
    const row = y * bin.width;
    for (let x = b.x0; x <= b.x1 && !ink; x++) if (bin.data[row + x]) ink = true;
    if (!ink) {
      if (first >= 0 && blankAt < 0) blankAt = y;
      continue;
    }
    if (first < 0) first = y;
    if (blankAt >= 0) {
      // Ink again after a blank run: two lines if both sides are tall enough.
      if (blankAt - first >= LINE_BAND_H * th && lastInkRow(bin, b, y) - y + 1 >= LINE_BAND_H * th) return false;
      blankAt = -1;
    }
  }
  return true;
}

/** The last row of the box at or below `from` that holds ink. */
function lastInkRow(bin: BinaryImage, b: PixelBox, from: number): number {
  for (let y = b.y1; y > from; y--) {
    const row = y * bin.width;
    for (let x = b.x0; x <= b.x1; x++) if (bin.data[row + x]) return y;
  }
  return from;
}

export type Between = (a: PixelBox, b: PixelBox) => boolean;

function isLineStroke(c: PixelBox, th: number): boolean {
  const w = c.x1 - c.x0 + 1;
  const h = c.y1 - c.y0 + 1;
  return w <= LINE_STROKE_W * th && h > LINE_STROKE_LEN * th;
}

/**
 * A piece of a broken vertical ruling line one row high: a bar at most LONE_BAR_W text heights
 * wide (a '1' is wider with its flag), at least LONE_BAR_H tall, with no ink within
 * LONE_BAR_CLEAR text heights to either side (cell padding; a digit's neighbours sit closer).
 */
const LONE_BAR_W = 0.15;
const LONE_BAR_H = 0.4;
const LONE_BAR_CLEAR = 0.3;

function isLoneBar(c: PixelBox, comps: PixelBox[], th: number): boolean {
  const w = c.x1 - c.x0 + 1;
  const h = c.y1 - c.y0 + 1;
  if (w > LONE_BAR_W * th || h < LONE_BAR_H * th) return false;
  const clear = LONE_BAR_CLEAR * th;
  return !comps.some((o) => o !== c && o.y0 <= c.y1 && o.y1 >= c.y0 && o.x1 >= c.x0 - clear && o.x0 <= c.x1 + clear);
}

/**
 * Does a vertical ruling line the clean-up found (`vrules`) run between the two boxes (or along
 * the right one's left edge, which a box may touch), at their common height and a line height
 * above and below?
 */
function ruleBetween(vrules: PixelRule[], a: PixelBox, b: PixelBox): boolean {
  const [l, r] = a.x0 <= b.x0 ? [a, b] : [b, a];
  const y0 = Math.max(a.y0, b.y0);
  const y1 = Math.min(a.y1, b.y1);
  // A column border runs on through rows; a title glyph's stroke taken for a rule stays within its line.
  const minLength = (1 + 2 * FRAGMENT_BORDER_REACH_H) * (Math.max(a.y1, b.y1) - Math.min(a.y0, b.y0) + 1);
  return vrules.some((v) => v.x1 >= l.x1 && v.x0 <= r.x0 + RULE_EDGE_PX && v.y0 <= y1 && v.y1 >= y0 && v.y1 - v.y0 + 1 >= minLength);
}
/** A box may start on the remnant of the rule before it: a rule this close inside its left edge still separates. */
const RULE_EDGE_PX = 3;

/** Does a leftover vertical line stroke stand between the two boxes, at their common height? */
function strokeBetween(strokes: PixelBox[], a: PixelBox, b: PixelBox): boolean {
  const left = Math.min(a.x1, b.x1);
  const right = Math.max(a.x0, b.x0);
  const y0 = Math.max(a.y0, b.y0);
  const y1 = Math.min(a.y1, b.y1);
  return strokes.some((s) => s.x0 >= left && s.x1 <= right && s.y0 <= y1 && s.y1 >= y0 && s.y1 - s.y0 > s.x1 - s.x0);
}

/**
 * Share of a text row's height that removed ink (a ruling line the clean-up erased) must cover in
 * one pixel column between two glyphs for them to sit in different cells.
 */
const LINE_COVER = 0.5;

/**
 * Did the clean-up remove a vertical line between the two boxes, at their common height (and
 * `reachH` of their joint height above and below it)? Read
 * from the pixels (dark in the gray page, gone from the binary one), not from the rules list,
 * whose merged segments of a broken line can be wider than the gap.
 */
export function lineBetween(src: CropSource, a: PixelBox, b: PixelBox, reachH = 0): boolean {
  const [l, r] = a.x0 <= b.x0 ? [a, b] : [b, a];
  const reach = Math.round(reachH * (Math.max(a.y1, b.y1) - Math.min(a.y0, b.y0) + 1));
  const y0 = Math.max(0, Math.max(a.y0, b.y0) - reach);
  const y1 = Math.min(src.gray.height - 1, Math.min(a.y1, b.y1) + reach);
  if (y1 < y0 || r.x0 - l.x1 < 2) return false;
  const { gray, bin, threshold } = src;
  const need = LINE_COVER * (y1 - y0 + 1);
  for (let x = l.x1 + 1; x < r.x0; x++) {
    let n = 0;
    for (let y = y0; y <= y1; y++) {
      const i = y * gray.width + x;
      if (gray.data[i]! <= threshold && !bin.data[i]) n++;
    }
    if (n >= need) return true;
  }
  return false;
}

/** 8-connected components of ink, as bounding boxes with their ink counts (two-pass union-find). */
export function components(bin: BinaryImage): Comp[] {
  const { width: w, height: h, data } = bin;
  const labels = new Int32Array(w * h);
  const parent: number[] = [0];
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!data[i]) continue;
      let l = 0;
      const nb = [x > 0 ? labels[i - 1]! : 0, y > 0 && x > 0 ? labels[i - w - 1]! : 0, y > 0 ? labels[i - w]! : 0, y > 0 && x < w - 1 ? labels[i - w + 1]! : 0];
      for (const n of nb) {
        if (!n) continue;
        if (!l) l = n;
        else if (n !== l) union(l, n);
      }
      if (!l) {
        l = parent.length;
        parent.push(l);
      }
      labels[i] = l;
    }
  }
  const boxes = new Map<number, Comp>();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const l = labels[y * w + x]!;
      if (!l) continue;
      const r = find(l);
      const b = boxes.get(r);
      if (b) {
        if (x < b.x0) b.x0 = x;
        if (x > b.x1) b.x1 = x;
        if (y > b.y1) b.y1 = y;
        b.ink++;
      } else boxes.set(r, { x0: x, y0: y, x1: x, y1: y, ink: 1 });
    }
  }
  return [...boxes.values()];
}

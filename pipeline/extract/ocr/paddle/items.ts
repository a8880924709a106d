/**
 * Crops for the PaddleOCR recogniser and readings back into items.
 *
 * The layout (which boxes hold text) comes from elsewhere — tesseract's word groups or our own
 * ink boxes (layout.ts); this file cuts each box from the deskewed gray page with the removed
 * ruling lines whitened (a border left in a crop reads as '1' or '|'), splits a box that a
 * vertical ruling line crosses (two cells that one box merged), recognises the crops in one go
 * and turns the readings into TextItems.
 */
import type { TextItem } from '../../../types.ts';
import type { BinaryImage, PixelRule } from '../preprocess.ts';
import { clearEdgeStrokes } from './edges.ts';
import { textBoxes } from './layout.ts';
import type { GrayImage } from '../render.ts';
import { joinNumberFragments, repairNumber } from '../repair.ts';
import { isVertical } from '../rules.ts';
import type { PaddleRecognizer, RecResult } from './rec.ts';

/** Margin around a box, in box heights: room for strokes the box clipped, little of the neighbours. */
const CROP_PAD_H = 0.25;
/** The gray level removed ink is painted with. */
const PAPER = 255;
/** A part of a split box narrower than this share of its height holds no character. */
const MIN_PART_W_H = 0.25;
/**
 * A reading whose weakest character is below this is no text (a seal's ring, a pen stroke, a
 * speck cluster): tesseract invents glyphs there, the recogniser returns little or nothing.
 */
const MIN_CHAR_P = 0.2;
/** Centre-to-centre gaps between two recognised characters wider than this many box heights split an item (two cells), unless both are Chinese. */
const SPLIT_GAP_H = 1.6;

/** Spaced-out Chinese ('项    目') is one label: tesseract's grouping already kept it to one cell. */
const HAN = /\p{Script=Han}/u;

/** A box to read, in pixels of the deskewed page. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The page to cut crops from, in the deskewed frame: the gray pixels, the cleaned binary page
 * (ruling lines and specks removed) and the threshold that made it.
 */
export interface CropSource {
  gray: GrayImage;
  bin: BinaryImage;
  threshold: number;
}

/**
 * Cut a box (plus margin) from the gray page; ink that the clean-up removed (ruling lines,
 * specks) is painted paper-white, so a border left in a crop does not read as '1' or '|'. The
 * mask is the pixels themselves, not the rules' rectangles: a merged broken line can span a
 * whole column of digits.
 */
export function cropBox(src: CropSource, b: PixelBox): GrayImage {
  const { gray: page, bin } = src;
  const pad = Math.round(CROP_PAD_H * (b.y1 - b.y0));
  const x0 = Math.max(0, b.x0 - pad);
  const y0 = Math.max(0, b.y0 - pad);
  const x1 = Math.min(page.width, b.x1 + pad);
  const y1 = Math.min(page.height, b.y1 + pad);
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = (y0 + y) * page.width;
    for (let x = 0; x < w; x++) {
      const v = page.data[row + x0 + x]!;
      data[y * w + x] = v <= src.threshold && !bin.data[row + x0 + x] ? PAPER : v;
    }
  }
  const crop = { width: w, height: h, data };
  // A faint border the clean-up missed, beside the first or last digit, reads as a digit.
  clearEdgeStrokes(crop, b.y1 - b.y0);
  return crop;
}

/** Split a box at the vertical ruling lines that cross its middle (one box over two cells). */
export function splitAtRules(b: PixelBox, vrules: PixelRule[]): PixelBox[] {
  const mid = (b.y0 + b.y1) / 2;
  const cuts = vrules.filter((r) => r.y0 <= mid && r.y1 >= mid && r.x0 > b.x0 && r.x1 < b.x1).sort((a, c) => a.x0 - c.x0);
  const parts: PixelBox[] = [];
  let x = b.x0;
  for (const r of cuts) {
    parts.push({ ...b, x0: x, x1: r.x0 - 1 });
    x = r.x1 + 1;
  }
  parts.push({ ...b, x0: x });
  const minW = MIN_PART_W_H * (b.y1 - b.y0);
  return parts.filter((p) => p.x1 - p.x0 >= minW);
}

/**
 * Read boxes with the recogniser; one reading (or several, when a wide gap splits it) per box,
 * in PDF points. Boxes read as nothing are dropped.
 */
export async function readBoxes(rec: PaddleRecognizer, src: CropSource, boxes: PixelBox[], pxPerPt: number): Promise<TextItem[]> {
  const crops = boxes.map((b) => cropBox(src, b));
  const results = await rec.recognise(crops);
  const items: TextItem[] = [];
  boxes.forEach((b, i) => items.push(...toItems(results[i]!, b, crops[i]!, pxPerPt)));
  return joinNumberFragments(items);
}

/**
 * Re-read tesseract's items: each item's box (split at vertical rules) is read again by the
 * recogniser, whose reading replaces tesseract's. `page` is the gray page in the deskewed frame.
 */
export async function rereadItems(rec: PaddleRecognizer, items: TextItem[], src: CropSource, pxPerPt: number, rules: PixelRule[]): Promise<TextItem[]> {
  const vrules = rules.filter(isVertical);
  const boxes: PixelBox[] = [];
  for (const it of items) {
    const b = { x0: Math.floor(it.x * pxPerPt), y0: Math.floor(it.y * pxPerPt), x1: Math.ceil((it.x + it.w) * pxPerPt), y1: Math.ceil((it.y + it.h) * pxPerPt) };
    boxes.push(...splitAtRules(b, vrules));
  }
  return readBoxes(rec, src, boxes, pxPerPt);
}

/**
 * Read a whole page without tesseract: text boxes from the binary page's ink (layout.ts), read
 * from the gray page (both in the deskewed frame), spaced-out Chinese labels joined.
 */
export async function readPage(rec: PaddleRecognizer, src: CropSource, pxPerPt: number, rules: PixelRule[]): Promise<TextItem[]> {
  const vrules = rules.filter(isVertical);
  const items = withoutSpecks(await readBoxes(rec, src, textBoxes(src, vrules), pxPerPt));
  return joinHanRuns(items, vrules.map((r) => ({ x0: r.x0 / pxPerPt, y0: r.y0 / pxPerPt, x1: r.x1 / pxPerPt, y1: r.y1 / pxPerPt })));
}

/** Numbers of 3+ characters a page needs before their height is the page's digit height. */
const SPECK_MIN_NUMBERS = 5;
/** A reading of one or two digits lower than this share of the page's digit height is a speck. */
const SPECK_MAX_H = 0.75;

/**
 * Readings of one or two digits whose ink is much lower than the page's digits: specks and
 * seal remnants the recogniser read as '3', '4' or '6' (h 3–4 pt among 6-pt digits, in the
 * blank cells of a harsh scan's 04: each loaded as 3 万元). Every digit spans the font's full
 * digit height, so a box that low holds none.
 */
export function withoutSpecks(items: TextItem[]): TextItem[] {
  const heights = items.filter((it) => /^\d[\d,.]+\d$/.test(it.str)).map((it) => it.h).sort((a, b) => a - b);
  if (heights.length < SPECK_MIN_NUMBERS) return items;
  const digitH = heights[Math.floor(heights.length / 2)]!;
  return items.filter((it) => !(/^\d{1,2}$/.test(it.str) && it.h < SPECK_MAX_H * digitH));
}

/** Largest gap between two Chinese labels that are one ('项    目', '合  计'), in text heights (as items.ts HAN_JOIN_GAP_H). */
const HAN_JOIN_GAP_H = 1.2;
const HAN_ONLY = /^[\p{Script=Han}\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\u201c\u201d]+$/u;

/** Join neighbouring Chinese-only items on one line (spaced-out labels), never across a vertical rule (points). */
export function joinHanRuns(items: TextItem[], vrules: PixelRule[]): TextItem[] {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  const out: TextItem[] = [];
  for (const it of sorted) {
    const mid = it.y + it.h / 2;
    const prev = HAN_ONLY.test(it.str)
      ? out.find((o) => {
          const gap = it.x - (o.x + o.w);
          const h = Math.max(o.h, it.h);
          return (
            HAN_ONLY.test(o.str) && gap >= -0.2 * h && gap <= HAN_JOIN_GAP_H * h && Math.abs(o.y + o.h / 2 - mid) < 0.3 * h &&
            !vrules.some((r) => r.x0 >= o.x + o.w - 0.5 && r.x1 <= it.x + 0.5 && r.y0 <= mid && r.y1 >= mid)
          );
        })
      : undefined;
    if (!prev) {
      out.push({ ...it });
      continue;
    }
    const y0 = Math.min(prev.y, it.y);
    const y1 = Math.max(prev.y + prev.h, it.y + it.h);
    prev.str += it.str;
    prev.w = round2(it.x + it.w - prev.x);
    prev.y = y0;
    prev.h = round2(y1 - y0);
    prev.conf = Math.min(prev.conf, it.conf);
  }
  return out.sort((a, b) => a.y - b.y || a.x - b.x);
}

/**
 * One reading → items. The crop includes CROP_PAD_H margins, so the character positions map back
 * into the crop's frame. A reading splits into several items at a space the recogniser read, at a
 * gap wider than SPLIT_GAP_H box heights (two cells that one box spanned), and between two
 * amounts run together ('1,213.40289.95'); runs that are no table text (junk) are dropped.
 */
function toItems(r: RecResult, b: PixelBox, crop: GrayImage, pxPerPt: number): TextItem[] {
  type Char = RecResult['chars'][number];
  const h = b.y1 - b.y0;
  const runs: Char[][] = [];
  let cur: Char[] = [];
  for (const c of r.chars) {
    const prev = cur[cur.length - 1];
    const wide = prev && (c.x - prev.x) * crop.width > SPLIT_GAP_H * h && !(HAN.test(c.ch) && HAN.test(prev.ch));
    if (!c.ch.trim() || wide) {
      if (cur.length) runs.push(cur);
      cur = [];
    }
    if (c.ch.trim()) cur.push(c);
  }
  if (cur.length) runs.push(cur);
  const parts = runs.flatMap(splitAmounts).filter((run) => !isJunk(run));
  const pad = Math.round(CROP_PAD_H * h);
  const cropX0 = Math.max(0, b.x0 - pad);
  const perChar = crop.width / Math.max(1, r.chars.length);
  const whole = parts.length === 1 && runs.length === 1;
  return parts.map((run) => {
    // A whole reading keeps the box; parts get the span of their characters (± half a character).
    const x0 = whole ? b.x0 : Math.max(b.x0, cropX0 + run[0]!.x * crop.width - perChar / 2);
    const x1 = whole ? b.x1 : Math.min(b.x1, cropX0 + run[run.length - 1]!.x * crop.width + perChar / 2);
    return {
      str: repairNumber(run.map((c) => c.ch).join('')),
      x: round2(x0 / pxPerPt),
      y: round2(b.y0 / pxPerPt),
      w: round2((x1 - x0) / pxPerPt),
      h: round2(h / pxPerPt),
      conf: round2(Math.min(...run.map((c) => c.p))),
    };
  });
}

/** Two amounts of two decimals each, run together: '1,213.40289.95' → '1,213.40' + '289.95'. */
const TWO_AMOUNTS = /^(-?\d[\d,]*\.\d{2})(-?\d[\d,]*\.\d{2})$/;
/** One amount whose thousands commas were read as dots ('2.353.76' for 2,353.76), or two run together ('2.35' + '3.76'). */
const DOTTED_THOUSANDS = /^-?\d{1,3}(\.\d{3})+\.\d{2}$/;
/**
 * Between two amounts run together lies the space between two cells: a character step at least
 * this many times the run's median. Inside one amount the steps are even (1.4× at most where
 * a comma read as a dot left its space: '2.35|3.76').
 */
const CELL_GAP_STEPS = 2;

/** An amount and the next cell's digits (a code) run together over a separator: '1.62,3999'. */
const AMOUNT_THEN_DIGITS = /^(-?\d[\d,]*\.\d{2})[,.](\d{3,})$/;

export function splitAmounts<T extends { ch: string; x: number }>(run: T[]): T[][] {
  const text = run.map((c) => c.ch).join('');
  // No amount goes on after its two decimals: what follows a separator there is another cell.
  const glued = AMOUNT_THEN_DIGITS.exec(text);
  if (glued && run.length === text.length) return [run.slice(0, glued[1]!.length), run.slice(glued[1]!.length + 1)];
  const m = TWO_AMOUNTS.exec(text);
  if (!m || run.length !== m[0].length) return [run];
  const at = m[1]!.length;
  // '2.353.76' splits as '2.35' + '3.76' as well as it reads 2,353.76 (fixSeparators): only a
  // gap between the two says they are two cells. Without it, it is one amount.
  if (DOTTED_THOUSANDS.test(text) && run[at]!.x - run[at - 1]!.x < CELL_GAP_STEPS * medianStep(run)) return [run];
  return [run.slice(0, at), run.slice(at)];
}

/** The median distance between neighbouring characters of a run (crop-width fractions). */
function medianStep(run: { x: number }[]): number {
  const steps = run.slice(1).map((c, i) => c.x - run[i]!.x).sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] ?? 0;
}

/**
 * A run that is no table text: the weakest character below MIN_CHAR_P, or a short run without
 * a digit or a Chinese character ('A', 'N', 'al', '!': a seal's remnant, a pen stroke, specks).
 */
function isJunk(run: { ch: string; p: number }[]): boolean {
  if (Math.min(...run.map((c) => c.p)) < MIN_CHAR_P) return true;
  const s = run.map((c) => c.ch).join('');
  return s.length <= JUNK_MAX_LEN && !/[\d\p{Script=Han}]/u.test(s);
}

/** Longest digit- and Chinese-free run still dropped as junk. */
const JUNK_MAX_LEN = 3;

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Re-reading doubtful numbers: an amount tesseract read with low confidence, or without the
 * decimal point every other amount on the page has (a 150 dpi dot lost to thresholding: 83.45 →
 * 8345, a hundredfold error), is read again from its own crop of the gray page, enlarged 2×,
 * binarised with the crop's own threshold (a second binarisation: uneven light and faint ink get
 * a local level), as one line of digits only. The re-read replaces the first reading only when
 * it is a well-formed amount and the first was not, or it is more confident.
 */
import type { TextItem } from '../../types.ts';
import type { GrayImage } from './render.ts';
import { otsuThreshold, type PixelRule } from './preprocess.ts';
import { fitsFormat, OFF_FORMAT_CONF, repairNumber, type NumberFormat } from './repair.ts';
import { clearEdgeStrokes } from './paddle/edges.ts';

/** Below this confidence an amount is re-read. */
export const REREAD_MAX_CONF = 0.75;
/** At most this many crops per page: a hopeless page must not cost minutes. */
export const REREAD_MAX_PER_PAGE = 80;
/** Crop enlargement: digits ~20 px high at 200 dpi become ~40 px, where dots survive. */
const REREAD_SCALE = 2;
/** Margin around the item, in item heights (room for a digit tesseract clipped). */
const REREAD_PAD_H = 0.35;
/** Share of the page width, from the left, where plain integers are taken for subject codes. */
const CODE_ZONE = 0.3;
/** Pixels around a removed ruling line also whitened in a crop (its blurred edge). */
const RULE_PAD_PX = 1;
/** Characters of the digits-only pass. */
export const REREAD_WHITELIST = '0123456789.,-';

const AMOUNT = /^-?(\d{1,3}(,\d{3})+|\d+)\.\d{2}$/;
/** A whole-元 amount with thousands separators, or a small one without ('4,212,300', '500'). */
const WHOLE_AMOUNT = /^-?(\d{1,3}(,\d{3})+|\d{1,3})$/;
const NUMBERISH = /^[-\d.,]*\d[-\d.,]*$/;

/** A well-formed amount for the page's format: two decimals unless the page prints whole 元. */
function wellFormed(s: string, format: NumberFormat): boolean {
  return format === 'integers' ? WHOLE_AMOUNT.test(s) : AMOUNT.test(s);
}

/**
 * Items worth a second reading: numbers with low confidence, a lost decimal point, or a shape
 * that does not fit the page's format (repair.ts fitPageFormat; null: judged by the points seen).
 */
export function doubtful(items: TextItem[], pageWidthPt: number, format: NumberFormat = null): TextItem[] {
  const nums = items.filter((it) => NUMBERISH.test(it.str) && it.str.replace(/\D/g, '').length >= 2);
  const withPoint = nums.filter((it) => AMOUNT.test(it.str)).length;
  // Most amounts on the page print two decimals: a number of 3+ digits without a point lost it.
  // Subject codes (3–7 digits, at the row start) and 行次 are no amounts: plain integers in the
  // left part of the page are left alone.
  const pointsExpected = format === 'decimals' || (format === null && withPoint >= 4 && withPoint >= 0.6 * nums.length);
  const code = (it: TextItem) => /^\d+$/.test(it.str) && (it.x < CODE_ZONE * pageWidthPt || it.str.length < 3);
  const out = nums.filter((it) => {
    if (!fitsFormat(it.str, format)) return true;
    if (wellFormed(it.str, format)) return it.conf < REREAD_MAX_CONF;
    return !code(it) && (pointsExpected || it.conf < REREAD_MAX_CONF);
  });
  return out.sort((a, b) => a.conf - b.conf).slice(0, REREAD_MAX_PER_PAGE);
}

/**
 * The item's crop from the page (pixels at `pxPerPt`, the page rotated by `skewDeg` like the
 * OCR'd image), enlarged and binarised on its own threshold, as PGM bytes.
 */
export function cropPgm(page: GrayImage, it: TextItem, pxPerPt: number, rules: PixelRule[] = []): Uint8Array {
  const { width: w, height: h, data: crop, x0, y0 } = grayCrop(page, it, pxPerPt, REREAD_PAD_H);
  const x1 = x0 + w;
  const y1 = y0 + h;
  // The ruling lines the first pass removed stay removed: a cell border in the margin would
  // read as a leading '1' under the digits-only whitelist.
  for (const r of rules) {
    for (let y = Math.max(y0, r.y0 - RULE_PAD_PX); y <= Math.min(y1 - 1, r.y1 + RULE_PAD_PX); y++)
      for (let x = Math.max(x0, r.x0 - RULE_PAD_PX); x <= Math.min(x1 - 1, r.x1 + RULE_PAD_PX); x++) crop[(y - y0) * w + (x - x0)] = 255;
  }
  const t = otsuThreshold(crop);
  const W = w * REREAD_SCALE;
  const H = h * REREAD_SCALE;
  const header = new TextEncoder().encode(`P5\n${W} ${H}\n255\n`);
  const out = new Uint8Array(header.length + W * H);
  out.set(header);
  for (let y = 0; y < H; y++) {
    // Bilinear enlargement, then the crop's threshold: smoother edges than nearest-neighbour.
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) / REREAD_SCALE - 0.5));
    const ya = Math.floor(fy);
    const yb = Math.min(h - 1, ya + 1);
    const wy = fy - ya;
    for (let x = 0; x < W; x++) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5) / REREAD_SCALE - 0.5));
      const xa = Math.floor(fx);
      const xb = Math.min(w - 1, xa + 1);
      const wx = fx - xa;
      const v =
        (crop[ya * w + xa]! * (1 - wx) + crop[ya * w + xb]! * wx) * (1 - wy) + (crop[yb * w + xa]! * (1 - wx) + crop[yb * w + xb]! * wx) * wy;
      out[header.length + y * W + x] = v <= t ? 0 : 255;
    }
  }
  return out;
}

/**
 * The reading to keep for an item, given the digits-only pass's text and confidence (0–1). A
 * re-read must be a well-formed amount for the page's format; it replaces a first reading that
 * was not, or one read less surely. `firstConf` is the confidence the item was read with before
 * any cap (a seal over the cell caps it at 0.5: a worse re-read at 0.6 must not win by the cap).
 */
export function better(it: TextItem, text: string, conf: number, format: NumberFormat = null, firstConf = it.conf): TextItem | null {
  const s = text.replace(/\s+/g, '');
  if (!wellFormed(s, format) || s === it.str) return null;
  if (wellFormed(it.str, format) && fitsFormat(it.str, format) && conf <= firstConf) return null;
  return { ...it, str: s, conf: Math.round(conf * 100) / 100 };
}

/** Margin of a paddle re-read crop, in item heights: wider than the first crop's 0.25 h. */
const PADDLE_REREAD_PAD_H = 0.4;

/**
 * The paddle engine's second reading of amounts whose shape does not fit the page's format
 * (repair.ts fitsFormat): the item's box cut again from the gray page with a wider margin and
 * *without* the first crop's whitening of removed ink (a digit touching a ruling line lost
 * strokes there, and a leading '1' beside a border could be taken for the border). A re-read
 * that is a well-formed amount for the format replaces the first (better()). At most
 * REREAD_MAX_PER_PAGE a page; returns crops read and readings changed.
 */
export async function rereadOffFormat(
  rec: { recognise(crops: GrayImage[]): Promise<{ text: string; chars: { p: number }[] }[]> },
  items: TextItem[],
  gray: GrayImage,
  pxPerPt: number,
  format: NumberFormat,
  pageWidthPt = Infinity,
): Promise<{ read: number; changed: number }> {
  if (!format) return { read: 0, changed: 0 };
  const lost = new Set(format === 'decimals' ? lostPoint(items, pageWidthPt) : []);
  const odd = new Set(items.filter((it) => oneOddChar(it.str, format)));
  const todo = items.filter((it) => lost.has(it) || odd.has(it) || (NUMBERISH.test(it.str) && !fitsFormat(it.str, format))).slice(0, REREAD_MAX_PER_PAGE);
  if (!todo.length) return { read: 0, changed: 0 };
  const crops = todo.map((it) => grayCrop(gray, it, pxPerPt, PADDLE_REREAD_PAD_H));
  for (const [k, c] of crops.entries()) clearEdgeStrokes(c, todo[k]!.h * pxPerPt);
  const res = await rec.recognise(crops);
  let changed = 0;
  todo.forEach((it, k) => {
    const r = res[k]!;
    const conf = r.chars.length ? Math.min(...r.chars.map((c) => c.p)) : 0;
    const read = repairNumber(r.text);
    // For an amount with a foreign character ('#33.90') only a reading of as many characters:
    // one that dropped it ('33.90') would be a confident wrong value.
    const next = odd.has(it) && read.length !== it.str.length ? null : better(it, read, conf, format);
    if (next) {
      Object.assign(it, next);
      changed++;
    } else if (lost.has(it)) it.conf = Math.min(it.conf, OFF_FORMAT_CONF);
  });
  return { read: todo.length, changed };
}

/**
 * An amount with one character no amount has, among digits and separators ('#33.90' for
 * 433.90, '10t.82' for 107.82: a seal's or a speck's mark over a digit): no number, so without
 * a second reading the cell is lost.
 */
export function oneOddChar(s: string, format: NumberFormat): boolean {
  const odd = s.replace(/[\d,.]/g, '');
  if (odd.length !== 1 || /\s/.test(odd)) return false;
  return format === 'integers' ? /^[^.]*$/.test(s) && s.replace(/\D/g, '').length >= 4 : /\.\d{2}$/.test(s) && s.replace(/\D/g, '').length >= 3;
}

/** Digits of a plain integer from which an amount's point may be lost ('5143' for 51.43); 行次 and 栏次 have 1–2. */
const LOST_POINT_MIN_DIGITS = 3;
/** A subject code's name starts within this many text heights to its right. */
const NAME_GAP_H = 3;
const HAN = /\p{Script=Han}/u;

/**
 * On a page whose amounts print two decimals, plain integers of 3+ digits that are no subject
 * code: an amount whose point a seal, a speck or the threshold took ('5143', '2251' under a
 * seal on the harsh scans; loaded as 5,143 万元). A code sits in the page's left part or has its
 * name right after it (06's 30101 基本工资 in the middle of the page).
 */
export function lostPoint(items: TextItem[], pageWidthPt: number): TextItem[] {
  const named = (it: TextItem) =>
    items.some((o) => o !== it && HAN.test(o.str) && o.x >= it.x + it.w - it.h && o.x <= it.x + it.w + NAME_GAP_H * it.h && Math.abs(o.y + o.h / 2 - (it.y + it.h / 2)) < it.h);
  return items.filter((it) => /^\d+$/.test(it.str) && it.str.length >= LOST_POINT_MIN_DIGITS && it.x >= CODE_ZONE * pageWidthPt && !named(it));
}

/** The item's box plus `padH` heights from the gray page, as it is, and where it sits (pixels). */
function grayCrop(page: GrayImage, it: TextItem, pxPerPt: number, padH: number): GrayImage & { x0: number; y0: number } {
  const pad = padH * it.h;
  const x0 = Math.max(0, Math.floor((it.x - pad) * pxPerPt));
  const y0 = Math.max(0, Math.floor((it.y - pad) * pxPerPt));
  const x1 = Math.min(page.width, Math.ceil((it.x + it.w + pad) * pxPerPt));
  const y1 = Math.min(page.height, Math.ceil((it.y + it.h + pad) * pxPerPt));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(page.data.subarray((y0 + y) * page.width + x0, (y0 + y) * page.width + x0 + w), y * w);
  return { width: w, height: h, data, x0, y0 };
}

/**
 * Amounts read again from their crop stretched sideways, and the readings put to a vote.
 *
 * The recogniser drops digits of long amounts whose digits are narrow (a condensed font at
 * 150–200 dpi): it read '1,609,332,600' as '1,609,332,0' from a clean crop, the same with wider
 * or taller margins, but right once the crop was stretched 1.25–2× sideways (more CTC steps per
 * digit). A reading that lost digits is often well-formed ('268,776' for 268,776,000), so no
 * shape test finds it. Each amount of 4+ digits is therefore read a second time, stretched
 * STRETCH_SECOND×; when the two readings differ, a third (STRETCH_THIRD×) decides: a reading two
 * of the three agree on wins. Without a majority the first reading stays, doubtful
 * (OFF_FORMAT_CONF): the identities (validate/repair.ts) say what it must be.
 */
import type { TextItem } from '../../../types.ts';
import type { GrayImage } from '../render.ts';
import { fitsFormat, OFF_FORMAT_CONF, regroup, repairNumber, type NumberFormat } from '../repair.ts';
import { cropBox, type CropSource } from './items.ts';

/** Sideways stretch of the second reading. */
export const STRETCH_SECOND = 1.5;
/** Sideways stretch of the third reading, which decides between two that differ. */
export const STRETCH_THIRD = 2;
/** Amounts with fewer digits are left as read: the drops seen were in long amounts. */
const MIN_DIGITS = 4;
/** Share of the page width, from the left, where plain integers are subject codes, not amounts. */
const CODE_ZONE = 0.3;
/** At most this many amounts a page are read again. */
const MAX_PER_PAGE = 200;

const NUMBERISH = /^[-\d.,]*\d[-\d.,]*$/;

/** A recogniser: crops in, readings with per-character probabilities out. */
export interface Recognise {
  recognise(crops: GrayImage[]): Promise<{ text: string; chars: { p: number }[] }[]>;
}

/** The crop stretched sideways by `f`, bilinearly. */
export function stretchX(c: GrayImage, f: number): GrayImage {
  const w = Math.max(1, Math.round(c.width * f));
  const data = new Uint8Array(w * c.height);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(c.width - 1, Math.max(0, (x + 0.5) / f - 0.5));
    const xa = Math.floor(fx);
    const xb = Math.min(c.width - 1, xa + 1);
    const t = fx - xa;
    for (let y = 0; y < c.height; y++) data[y * w + x] = Math.round(c.data[y * c.width + xa]! * (1 - t) + c.data[y * c.width + xb]! * t);
  }
  return { width: w, height: c.height, data };
}

/**
 * An amount's width per character, in its heights: a digit counts 1, a separator 1/2. Digits of
 * one font print equally wide, so an amount much wider than its reading explains lost digits
 * ('1,609,332' in the box of 1,609,332,600: 1.43× the page's median), one much narrower gained
 * some.
 */
function density(it: TextItem): number {
  const digits = it.str.replace(/\D/g, '').length;
  return it.w / (it.h * (digits + 0.5 * (it.str.length - digits)));
}

/** Outside this band around the page's median density an amount is read again. */
export const DENSITY_BAND = [0.9, 1.08] as const;
/** Amounts a page needs for its median density to mean something; with fewer, each is read again. */
const MIN_FOR_MEDIAN = 8;

/**
 * Amounts worth the second reading: 4+ digits, not a subject code at the row start, and either
 * off the page's format (OFF_FORMAT_CONF) or wider or narrower than the page's amounts for the
 * characters read (density). Reading every amount again costs ~40 % more time a page.
 */
export function candidates(items: TextItem[], pageWidthPt: number): TextItem[] {
  const nums = items
    .filter((it) => NUMBERISH.test(it.str) && it.str.replace(/\D/g, '').length >= MIN_DIGITS && it.h > 0)
    .filter((it) => !(/^\d+$/.test(it.str) && it.x < CODE_ZONE * pageWidthPt));
  const sorted = nums.map(density).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const odd = (it: TextItem) => {
    const r = density(it) / median;
    return it.conf <= OFF_FORMAT_CONF || r < DENSITY_BAND[0] || r > DENSITY_BAND[1];
  };
  return (nums.length < MIN_FOR_MEDIAN ? nums : nums.filter(odd)).slice(0, MAX_PER_PAGE);
}

/** A reading as the page would keep it: repaired, and on a whole-元 page its separators regrouped. */
function normal(text: string, format: NumberFormat): string {
  const s = repairNumber(text.replace(/\s+/g, ''));
  return format === 'integers' ? regroup(s) : s;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** The reading two of three agree on, or null. */
export function majority(first: string, second: string, third: string): string | null {
  if (first === second || first === third) return first;
  return second === third ? second : null;
}

/**
 * Read the amounts again stretched and vote (see above); items change in place. Returns how
 * many were read again and how many readings changed.
 */
export async function voteAmounts(rec: Recognise, items: TextItem[], src: CropSource, pxPerPt: number, pageWidthPt: number, format: NumberFormat): Promise<{ read: number; changed: number }> {
  const todo = candidates(items, pageWidthPt);
  if (!todo.length) return { read: 0, changed: 0 };
  const crops = todo.map((it) =>
    cropBox(src, { x0: Math.floor(it.x * pxPerPt), y0: Math.floor(it.y * pxPerPt), x1: Math.ceil((it.x + it.w) * pxPerPt), y1: Math.ceil((it.y + it.h) * pxPerPt) }),
  );
  const second = await rec.recognise(crops.map((c) => stretchX(c, STRETCH_SECOND)));
  const differ = todo.map((it, k) => k).filter((k) => normal(second[k]!.text, format) !== todo[k]!.str);
  if (!differ.length) return { read: todo.length, changed: 0 };
  const third = await rec.recognise(differ.map((k) => stretchX(crops[k]!, STRETCH_THIRD)));
  let changed = 0;
  differ.forEach((k, j) => {
    const it = todo[k]!;
    const [r2, r3] = [second[k]!, third[j]!];
    // A stretched reading that is no number ('13/B00') has no vote.
    const vote = (r: { text: string }, n: number) => (NUMBERISH.test(normal(r.text, format)) ? normal(r.text, format) : `\u0000${n}`);
    const win = majority(it.str, vote(r2, 2), vote(r3, 3));
    // The same digits with other separators: the vote is about digits lost or gained; the first
    // crop's separators stand ('1,433.90' → '1433.90' lost the comma a repair reads by).
    if (win === it.str || (win !== null && digitsOf(win) === digitsOf(it.str))) return;
    if (win === null) {
      it.conf = Math.min(it.conf, OFF_FORMAT_CONF);
      return;
    }
    const conf = Math.min(...[r2, r3].filter((r) => normal(r.text, format) === win).flatMap((r) => r.chars.map((c) => c.p)));
    it.str = win;
    it.conf = Math.round((fitsFormat(win, format) ? conf : Math.min(conf, OFF_FORMAT_CONF)) * 100) / 100;
    changed++;
  });
  return { read: todo.length, changed };
}

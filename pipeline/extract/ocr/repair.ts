/**
 * Repairs for OCR misreads in numeric-looking tokens. Only confusions that are unambiguous
 * inside a number are fixed; a lost decimal point is not guessable here (validation's sums
 * catch it).
 */
import type { TextItem } from '../../types.ts';

/** Letters tesseract reads in place of digits, and the digit each stands for. */
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0', o: '0', D: '0', Q: '0', C: '0',
  l: '1', I: '1', '|': '1',
  S: '5',
  B: '8',
  Z: '2',
  T: '7',
};
const LOOKALIKE_CLASS = '[OoDQClI|SBZT]';

/**
 * Quote marks and ticks that tesseract invents at the edge of a number next to a removed cell
 * border, e.g. '“940.49'. They never belong to an amount. A '|' at the edge is more likely a
 * border remnant than a '1', so it is dropped too ('|' inside a number is a '1').
 */
const EDGE_JUNK = /^[“”"'‘’`´:;_~^•·|。、，]+|[“”"'‘’`´,:;_~^•·|。、，]+$/g;
/**
 * Digit groups ending in a thousands comma ('4,', '608,'): the first groups of an amount whose
 * next group the layout cut off into a box of its own. The comma is kept as the evidence that
 * joins them (fitPageFormat), and dropped if nothing follows.
 */
const OPEN_GROUPS = /^\d{1,3}(,\d{3})*,$/;

/** Digits with separators, optionally signed or bracketed: what a table amount looks like. */
const NUMBER_SHAPE = /^[-−(（]?\d[\d,.]*[)）]?$/;

/** A token is repaired only when most of it is digits already: 'Sl' stays a word, 'T67.79' is a number. */
const MIN_DIGIT_SHARE = 0.5;

/** Is the token an amount or count once repaired (e.g. '1,629.00', '0.00', '-5', '(3.2)')? */
export function isNumeric(token: string): boolean {
  return NUMBER_SHAPE.test(token);
}

/**
 * Repair one token. Returns the token unchanged unless, after the fixes, it has the shape of
 * a number. Fixes: full-width forms (NFKC), edge junk, look-alike letters inside digits,
 * dots used as thousands separators ('3.675.93' → '3,675.93'), spaces inside the number. A comma
 * before a last group of two ('940,49') is resolved per page by fitPageFormat.
 */
export function repairNumber(token: string): string {
  const t = token.normalize('NFKC').replace(/\s+/g, '');
  if (!/\d/.test(t)) return token;
  const stripped = t.replace(EDGE_JUNK, '');
  const core = OPEN_GROUPS.test(t.replace(/^[^\d]+/, '').replace(/[^\d,]+$/, '')) ? `${stripped},` : stripped;
  const digits = (core.match(/\d/g) ?? []).length;
  const lookalikes = (core.match(new RegExp(LOOKALIKE_CLASS, 'g')) ?? []).length;
  if (digits / Math.max(1, digits + lookalikes) < MIN_DIGIT_SHARE) return token;
  const mapped = core.replace(new RegExp(LOOKALIKE_CLASS, 'g'), (c) => DIGIT_LOOKALIKES[c] ?? c);
  const fixed = fixSeparators(mapped);
  return isNumeric(fixed) ? fixed : token;
}

/**
 * Thousands separators read as dots ('3.675.93'), a colon read for the point ('8:66'), and a
 * doubled separator before the decimals.
 * A comma before a last group of two is left as read: it depends on the page (fitPageFormat).
 */
export function fixSeparators(s: string): string {
  // '3.675.93' / '1.234.567.00': every dot but the last separates thousands.
  if (/^[-−(（]?\d{1,3}(\.\d{3})+\.\d{1,2}[)）]?$/.test(s)) {
    const last = s.lastIndexOf('.');
    return s.slice(0, last).replace(/\./g, ',') + s.slice(last);
  }
  // '8:66' / '140;04' / '1,234·56': at 150 dpi under JPEG a speck over the point makes it a
  // colon (3 cells of the harsh scans, each then unreadable). Before exactly two final digits a
  // colon-like mark is the point; '834:500' (three digits) is a whole-元 page's separator (regroup).
  const colon = /^([-−(（]?\d{1,3}(?:,\d{3})*)[:;·](\d{2}[)）]?)$/.exec(s);
  if (colon) return `${colon[1]}.${colon[2]}`;
  // '940,49' / '1,629,00' (a group of two after the last comma) is left for the page to decide
  // (fitPageFormat): decimals on a page that prints two decimals, a lost digit on one that
  // prints whole 元 ('4,212,00' for 4,212,300).
  // '1,629..00' / '1,629.,00': a doubled separator before the decimals; '0.06.': a speck after them.
  return s.replace(/[.,]{2,}(\d{2})([)）]?)$/, '.$1$2').replace(/(\.\d{2})\.$/, '$1');
}

/** Largest gap between two fragments of one number, as a share of the text height: a wide space is not a column gap. */
export const FRAGMENT_GAP_H = 0.9;

/**
 * Join number fragments tesseract split at a misread separator: '1' + '629.00' → '1,629.00',
 * '1,' + '629.00' → '1,629.00', '3,675' + '.93' → '3,675.93'. Items at the same height (tesseract
 * sometimes puts the halves on different text lines when a neighbouring label wraps), closer
 * than FRAGMENT_GAP_H × height, whose join is a well-formed grouped amount, are joined.
 * Items are expected already repaired (repairNumber); order is kept.
 */
export function joinNumberFragments(items: TextItem[]): TextItem[] {
  const out = [...items];
  for (let i = 0; i < out.length; i++) {
    for (let j = 0; j < out.length; j++) {
      if (i === j) continue;
      const joined = joinPair(out[i]!, out[j]!);
      if (!joined) continue;
      out[i] = joined;
      out.splice(j, 1);
      if (j < i) i--;
      j = -1; // the joined item may take a further fragment
    }
  }
  return out;
}

function joinPair(a: TextItem, b: TextItem): TextItem | null {
  const h = Math.max(a.h, b.h);
  const gap = b.x - (a.x + a.w);
  const sameLine = Math.abs(a.y + a.h / 2 - (b.y + b.h / 2)) < h / 2;
  if (!sameLine || gap > FRAGMENT_GAP_H * h || gap < -h / 2) return null;
  const str = joinedNumber(a.str, b.str);
  if (str === null) return null;
  const x1 = Math.max(a.x + a.w, b.x + b.w);
  const y0 = Math.min(a.y, b.y);
  return { str, x: a.x, y: y0, w: x1 - a.x, h: Math.max(a.y + a.h, b.y + b.h) - y0, conf: Math.min(a.conf, b.conf) };
}

/** The grouped amount two fragments form, or null when they are not halves of one amount. */
export function joinedNumber(left: string, right: string): string | null {
  const grouped = /^-?\d{1,3}(,\d{3})*\.\d{2}$/;
  const l = left.replace(/[,.]$/, '');
  if (/^-?\d{1,3}(,\d{3})*$/.test(l) && /^\d{3}(,\d{3})*\.\d{2}$/.test(right)) {
    const s = `${l},${right}`;
    return grouped.test(s) ? s : null;
  }
  // '3,675' + '.93': the decimals drifted off.
  if (/^-?\d{1,3}(,\d{3})*$/.test(left) && /^\.\d{2}$/.test(right)) return left + right;
  return null;
}

/** How a page's amounts print: with two decimals ('1,234.56'), as whole 元 ('4,212,300'), or unknown. */
export type NumberFormat = 'decimals' | 'integers' | null;

/** Amounts with two decimals, grouped or not. */
const DECIMAL_AMOUNT = /^-?(\d{1,3}(,\d{3})+|\d+)\.\d{2}$/;
/** Whole amounts with thousands separators (≥ 1,000): plain integers are codes, 行次 or small amounts, and vote for nothing. */
const GROUPED_INTEGER = /^-?\d{1,3}(,\d{3})+$/;
/** A comma before a last group of two: the decimals ('940,49') or a grouped integer with a digit lost ('4,212,00'). */
const COMMA_TWO = /^-?\d{1,3}(,\d{3})*,\d{2}$/;
/** Amounts a page needs before its format is taken as known. */
export const FORMAT_MIN_VOTES = 4;
/** Share of the voting amounts that must agree on the format. */
export const FORMAT_MIN_SHARE = 0.8;
/**
 * Confidence of an amount whose shape does not fit its page's format ('4,212,00' or '8,882.99'
 * among whole-元 amounts, '9,220' among two-decimal ones): a digit, a group or the point was
 * lost or invented. Below the re-read threshold and the seal cap, so the cell is re-read where
 * the engine can and its fact says it is doubtful; the identities (validate/repair.ts) then say
 * what the value must be.
 */
export const OFF_FORMAT_CONF = 0.4;

/** The page's amount format: most amounts with two decimals, or most with thousands separators and none. */
export function pageNumberFormat(items: readonly TextItem[]): NumberFormat {
  let decimals = 0;
  let integers = 0;
  for (const it of items) {
    if (DECIMAL_AMOUNT.test(it.str)) decimals++;
    else if (GROUPED_INTEGER.test(it.str)) integers++;
  }
  const votes = decimals + integers;
  if (decimals >= FORMAT_MIN_VOTES && decimals >= FORMAT_MIN_SHARE * votes) return 'decimals';
  if (integers >= FORMAT_MIN_VOTES && integers >= FORMAT_MIN_SHARE * votes) return 'integers';
  return null;
}

/** Digits with separators: a reading that is meant as a number. */
const NUMBER_LIKE = /^-?[\d,.]*\d[\d,.]*$/;
/** Plain integers: subject codes, 行次, small amounts — they fit every format. */
const PLAIN_INTEGER = /^-?\d+$/;

/**
 * Does a number's shape fit the page's format? On a page of two-decimal amounts only those and
 * plain integers do ('9,220' lost its decimals, '13,012,.0' a digit and more); on a whole-元 page
 * only grouped and plain integers ('4,212,00' and '8,882.99' lost a digit). Words, and every
 * reading on a page of unknown format, fit.
 */
export function fitsFormat(s: string, format: NumberFormat): boolean {
  if (!format || !NUMBER_LIKE.test(s) || PLAIN_INTEGER.test(s)) return true;
  return format === 'decimals' ? DECIMAL_AMOUNT.test(s) : GROUPED_INTEGER.test(s);
}

/**
 * Separators read against the page's format. On a page of two-decimal amounts (or one whose
 * format is unknown) '940,49' is 940.49. On a page of whole-元 amounts the same shape
 * ('4,212,00') lost a digit of its last group: turning it into 4,212.00 would load a confident
 * wrong value, so it is kept as read; it, and every other amount whose shape does not fit the
 * page ('8,882.99' there, '9,220' among two-decimal amounts), gets OFF_FORMAT_CONF. On a
 * whole-元 page, groups read as separate items ('4,755' + '518', the comma lost in the gap)
 * are joined first (joinGroups). Returns the format; items are changed in place (and joined
 * fragments removed).
 */
export function fitPageFormat(items: TextItem[]): NumberFormat {
  joinGroups(items, true);
  for (const it of items) if (OPEN_GROUPS.test(it.str)) it.str = it.str.slice(0, -1);
  const format = pageNumberFormat(items);
  if (format === 'integers') joinGroups(items, false);
  for (const it of items) {
    if (format === 'integers') it.str = regroup(it.str);
    if (COMMA_TWO.test(it.str) && format !== 'integers') {
      const last = it.str.lastIndexOf(',');
      it.str = it.str.slice(0, last) + '.' + it.str.slice(last + 1);
    }
    if (!fitsFormat(it.str, format)) it.conf = Math.min(it.conf, OFF_FORMAT_CONF);
  }
  return format;
}

/** Groups of three after a first group, separated by a comma or by a mark OCR reads in its place. */
const MISREAD_GROUPS = /^-?[1-9]\d{0,2}([.,:;·]\d{3})+$/;

/**
 * On a whole-元 page, thousands separators read as a dot, colon or middle dot ('834.500',
 * '4.432,200', '9,405.000', '834:500'): at 150 dpi a comma's tail is a pixel or two. Three
 * digits after the mark are never decimals there (the page prints none, and no amount prints
 * three): the groups are kept and the value is not cut to 834.50.
 */
export function regroup(s: string): string {
  return MISREAD_GROUPS.test(s) ? s.replace(/[.:;·]/g, ',') : s;
}

/** A whole-元 amount's left part: groups of three after a first group not starting with 0. */
const LEFT_GROUPS = /^-?[1-9]\d{0,2}(,\d{3})*[,.]?$/;
/** Its right part: one or more groups of three (the last perhaps still open: '608,'). */
const RIGHT_GROUPS = /^[,.]?\d{3}(,\d{3})*,?$/;

/**
 * Join the thousands groups of one amount read as separate items. With `commaOnly`, only where
 * the left part ends in its comma ('4,' + '608,' + '515' → '4,608,515': the layout cut the run
 * at the wide gap after each comma); on a whole-元 page also without one ('4,755' + '518' → '4,755,518',
 * the comma lost). Same line, closer than FRAGMENT_GAP_H × height; order kept.
 */
export function joinGroups(items: TextItem[], commaOnly: boolean): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < items.length && !changed; i++) {
      const a = items[i]!;
      if (!LEFT_GROUPS.test(a.str) || (commaOnly && !a.str.endsWith(','))) continue;
      const j = items.findIndex((b) => b !== a && RIGHT_GROUPS.test(b.str) && adjacent(a, b));
      if (j < 0) continue;
      const b = items[j]!;
      const x1 = Math.max(a.x + a.w, b.x + b.w);
      const y0 = Math.min(a.y, b.y);
      items[i] = {
        str: `${a.str.replace(/[,.]$/, '')},${b.str.replace(/^[,.]/, '')}`,
        x: a.x,
        y: y0,
        w: x1 - a.x,
        h: Math.max(a.y + a.h, b.y + b.h) - y0,
        conf: Math.min(a.conf, b.conf),
      };
      items.splice(j, 1);
      changed = true;
    }
  }
}

/** b starts right after a on the same line, within FRAGMENT_GAP_H heights. */
function adjacent(a: TextItem, b: TextItem): boolean {
  const h = Math.max(a.h, b.h);
  const gap = b.x - (a.x + a.w);
  return Math.abs(a.y + a.h / 2 - (b.y + b.h / 2)) < h / 2 && gap >= -h / 2 && gap <= FRAGMENT_GAP_H * h;
}

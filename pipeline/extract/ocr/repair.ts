/**
 * Repairs for OCR misreads in numeric-looking tokens. Only confusions that are unambiguous
 * inside a number are fixed; a lost decimal point is not guessable here (validation's sums
 * catch it).
 */
import type { TextItem } from '../../types.ts';

/** Letters tesseract reads in place of digits, and the digit each stands for. */
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0', o: '0', D: '0', Q: '0',
  l: '1', I: '1', '|': '1',
  S: '5',
  B: '8',
  Z: '2',
  T: '7',
};
const LOOKALIKE_CLASS = '[OoDQlI|SBZT]';

/**
 * Quote marks and ticks that tesseract invents at the edge of a number next to a removed cell
 * border, e.g. '“940.49'. They never belong to an amount. A '|' at the edge is more likely a
 * border remnant than a '1', so it is dropped too ('|' inside a number is a '1').
 */
const EDGE_JUNK = /^[“”"'‘’`´:;_~^•·|。、，]+|[“”"'‘’`´,:;_~^•·|。、，]+$/g;

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
 * dots used as thousands separators ('3.675.93' → '3,675.93'), a comma before the two decimals
 * ('940,49' → '940.49'), spaces inside the number.
 */
export function repairNumber(token: string): string {
  const t = token.normalize('NFKC').replace(/\s+/g, '');
  if (!/\d/.test(t)) return token;
  const core = t.replace(EDGE_JUNK, '');
  const digits = (core.match(/\d/g) ?? []).length;
  const lookalikes = (core.match(new RegExp(LOOKALIKE_CLASS, 'g')) ?? []).length;
  if (digits / Math.max(1, digits + lookalikes) < MIN_DIGIT_SHARE) return token;
  const mapped = core.replace(new RegExp(LOOKALIKE_CLASS, 'g'), (c) => DIGIT_LOOKALIKES[c] ?? c);
  const fixed = fixSeparators(mapped);
  return isNumeric(fixed) ? fixed : token;
}

/**
 * Thousands separators read as dots, and a decimal comma: amounts in these tables always print
 * two decimals after a point and commas between groups of three.
 */
export function fixSeparators(s: string): string {
  // '3.675.93' / '1.234.567.00': every dot but the last separates thousands.
  if (/^[-−(（]?\d{1,3}(\.\d{3})+\.\d{1,2}[)）]?$/.test(s)) {
    const last = s.lastIndexOf('.');
    return s.slice(0, last).replace(/\./g, ',') + s.slice(last);
  }
  // '940,49' / '1,629,00': a group of two after the last comma is the decimals.
  if (/^[-−(（]?\d{1,3}(,\d{3})*,\d{2}[)）]?$/.test(s)) {
    const last = s.lastIndexOf(',');
    return s.slice(0, last) + '.' + s.slice(last + 1);
  }
  // '1,629..00' / '1,629.,00': a doubled separator before the decimals.
  return s.replace(/[.,]{2,}(\d{2})([)）]?)$/, '.$1$2');
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

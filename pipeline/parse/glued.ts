/**
 * Geometry, step 0: text items that hold more than one table cell, cut into one item per cell
 * before lines and cells are built (lines.ts). Producers and OCR both glue neighbouring cells:
 * a value and the next panel's label ('0.00五、教育支出'), values of neighbouring columns
 * ('1 13.22 1.02 1.02'). On OCR'd pages also a row's label and its amounts
 * ('社会保障和就业支出433.90 231.07': narrow or tightly padded columns whose rules the scan
 * lost) and amounts run together over a faint rule ('—49.33—-- 49.33', '107.821-107.821').
 */
import type { TextItem } from '../types.ts';

/** A value glued to the next cell's label ('0.00五、教育支出'), as OCR without a column rule reads it. */
const GLUED_VALUE = /^([-−]?[\d,]*\d\.\d{2})\s*(\p{Script=Han}.*)$/u;

/** Several values in one item ('1 13.22 1.02 1.02'): OCR merged cells of neighbouring columns. */
const VALUE_RUN = /^[-−—]*[\d,.]*\d[\d,.]*(\s+([-−—]+|[-−]?[\d,.]*\d[\d,.]*))+$/;

/** An amount as printed in a two-decimal table (its sign, if any, only at the item's start). */
const AMOUNT = /\d[\d,]*\.\d{2}/g;

/**
 * A row label followed by amounts in one OCR'd item: the label ends in a Han character (or a
 * closing bracket) right before the first amount.
 */
const LABEL_THEN_AMOUNT = /^(.*[\p{Script=Han}）)])\s*\d[\d,]*\.\d{2}/u;

/** What OCR reads for a faint rule or a speck before the first amount of a run: dashes, bars, spaces. */
const JUNK_BEFORE = /^[\s\-—–_|!·:一]*$/;
/**
 * What OCR reads after an amount whose cell met the next one over a faint rule: a '1' right
 * after the two decimals (a rule beside the last digit, where no digit of the amount can be),
 * then dashes, bars, specks, spaces.
 */
const JUNK_AFTER = /^1?[\s\-—–_|!·:一]*$/;

/** Width of a character relative to a Han character: digits and separators are about half as wide. */
const NARROW_CHAR_WIDTH = 0.55;

function charWidth(c: string): number {
  return /[\p{Script=Han}\uff00-\uffef]/u.test(c) ? 1 : NARROW_CHAR_WIDTH;
}

/** The item cut into pieces [start, end) of its text, each over its share of the width by character widths. */
function cut(it: TextItem, pieces: [number, number][]): TextItem[] {
  // Offsets are UTF-16 indexes; table text is BMP-only, so one index is one character.
  const widths = [...it.str].map(charWidth);
  const before = (i: number) => widths.slice(0, i).reduce((s, w) => s + w, 0);
  const total = before(widths.length) || 1;
  return pieces.map(([a, b]) => ({
    ...it,
    str: it.str.slice(a, b),
    x: it.x + (it.w * before(a)) / total,
    w: (it.w * (before(b) - before(a))) / total,
  }));
}

/**
 * The amounts of an OCR'd item from `from` on, when what lies around them is only junk
 * (JUNK_BEFORE, JUNK_AFTER); null otherwise.
 */
function amountRun(str: string, from = 0): [number, number][] | null {
  const found: [number, number][] = [];
  let last = from;
  for (const m of str.slice(from).matchAll(AMOUNT)) {
    const at = from + m.index!;
    if (!(found.length ? JUNK_AFTER : JUNK_BEFORE).test(str.slice(last, at))) return null;
    // A minus sign counts only at the item's very start: elsewhere a dash is a rule's piece.
    found.push([at === 1 && /^[-−]/.test(str) ? 0 : at, at + m[0].length]);
    last = at + m[0].length;
  }
  if (!found.length || !JUNK_AFTER.test(str.slice(last))) return null;
  return found;
}

/** OCR'd text that is amounts and rule junk only ('—49.33—--', '107.82'): never part of a neighbour's cell. */
export function isAmountRun(str: string): boolean {
  return amountRun(str.trim()) !== null;
}

/** Whether OCR'd text ends a row label (Han, or a closing bracket) that an amount may touch. */
export function endsLabel(str: string): boolean {
  return /[\p{Script=Han}）)]$/u.test(str.trim());
}

/** An OCR'd item holding a row label then amounts, or two or more amounts run together: one item per cell. */
function splitOcrItem(it: TextItem): TextItem[] | null {
  const run = amountRun(it.str);
  if (run && run.length >= 2) return cut(it, run);
  const m = LABEL_THEN_AMOUNT.exec(it.str);
  if (!m) return null;
  const labelEnd = m[1]!.length;
  const amounts = amountRun(it.str, labelEnd);
  return amounts ? cut(it, [[0, labelEnd], ...amounts]) : null;
}

/**
 * Glued value+label items split into two, and value runs into one item per value, sharing the
 * width by character count; on OCR'd pages also label+amounts and junk-separated amount runs.
 */
export function splitGlued(items: TextItem[], ocr = false): TextItem[] {
  return items.flatMap((it) => {
    if (VALUE_RUN.test(it.str) && /\.\d/.test(it.str)) {
      const out: TextItem[] = [];
      const re = /\S+/g;
      for (let m = re.exec(it.str); m; m = re.exec(it.str)) {
        const x = it.x + (it.w * m.index) / it.str.length;
        out.push({ ...it, str: m[0], x, w: (it.w * m[0].length) / it.str.length });
      }
      return out;
    }
    const split = ocr ? splitOcrItem(it) : null;
    if (split) return split;
    const m = GLUED_VALUE.exec(it.str);
    if (!m) return [it];
    const share = m[1]!.length / it.str.length;
    return [
      { ...it, str: m[1]!, w: it.w * share * 0.9 },
      { ...it, str: m[2]!, x: it.x + it.w * share, w: it.w * (1 - share) },
    ];
  });
}

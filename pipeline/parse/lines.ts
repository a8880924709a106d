/**
 * Geometry, step 1: positioned text items → lines (same baseline) → cells (runs of items
 * without a column-sized gap). Works the same for text-layer and OCR items.
 */
import type { Box, Rule, TextItem } from '../types.ts';
import { endsLabel, isAmountRun, splitGlued } from './glued.ts';

/** A run of adjacent items on one line: what a person would read as one table cell. */
export interface Cell {
  text: string;
  x0: number;
  x1: number;
  y: number;
  h: number;
  conf: number;
  /** Union of the cell's item boxes on the page (absent for pre-split HTML/TXT rows). */
  box?: Box;
}

export interface Line {
  page: number;
  /** Vertical centre of the line. */
  y: number;
  /** Typical font size on the line. */
  h: number;
  cells: Cell[];
  /** All cells joined with single spaces: for title and prose matching. */
  text: string;
  /** Pre-split row (HTML/TXT): cell x positions are column indexes, not geometry. */
  grid?: boolean;
  /** How the page was read; rows inherit it. */
  method?: 'text' | 'ocr';
}

/**
 * Two items belong to one line when their vertical centres differ by less than this share
 * of the font size. Half a line: wrapped text sits a full line (≥ 1.1 em) apart, while
 * mixed fonts on one baseline (digits in another font) differ by well under 0.3 em.
 */
const SAME_LINE_FRACTION = 0.45;

/**
 * Items further apart than this share of the font size start a new cell. Words inside a
 * cell are adjacent (gap ≈ 0); table columns are separated by padding of at least ~1 em.
 */
const CELL_GAP_FRACTION = 0.6;

/** Items closer than this share of the font size are one run whatever they hold (glyph-by-glyph text). */
const TOUCHING_GAP_FRACTION = 0.15;

/** Numbers split by spacing ('1, 629. 00') are joined when the gap is below this share. */
const NUMBER_FRAGMENT_GAP_FRACTION = 0.35;

const NUMERIC = /^[-−–]?[\d,，.．]+%?$/;

/**
 * Items → lines → cells. `rules` are the page's ruling lines: two items on either side of a
 * vertical rule are two cells however close they sit (tight cell padding in Excel/WPS exports).
 * `ocr`: the items are OCR's, whose cells run together in more ways (glued.ts).
 */
export function buildLines(items: TextItem[], page: number, rules: Rule[] = [], ocr = false): Line[] {
  const verticals = rules.filter((r) => r.x0 === r.x1);
  const sorted = splitGlued(splitAtRules(items, verticals), ocr).sort((a, b) => a.y + a.h / 2 - (b.y + b.h / 2) || a.x - b.x);
  const groups: TextItem[][] = [];
  let current: TextItem[] = [];
  let centre = 0;
  let size = 0;
  for (const it of sorted) {
    const c = it.y + it.h / 2;
    if (current.length && Math.abs(c - centre) <= SAME_LINE_FRACTION * Math.max(size, it.h)) {
      current.push(it);
      centre = (centre * (current.length - 1) + c) / current.length;
      size = Math.max(size, it.h);
    } else {
      if (current.length) groups.push(current);
      current = [it];
      centre = c;
      size = it.h;
    }
  }
  if (current.length) groups.push(current);
  return groups.map((g) => toLine(g, page, verticals, ocr));
}

function toLine(items: TextItem[], page: number, verticals: Rule[], ocr: boolean): Line {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  const h = median(sorted.map((i) => i.h));
  const cells: Cell[] = [];
  for (const it of sorted) {
    const last = cells[cells.length - 1];
    const gap = last ? it.x - last.x1 : Infinity;
    if (last && joinable(last, it, gap, h, ocr) && !ruleBetween(verticals, last.x1, it.x, it.y + it.h / 2)) {
      last.text = joinText(last.text, it.str);
      last.x1 = Math.max(last.x1, it.x + it.w);
      last.conf = Math.min(last.conf, it.conf);
      // Blank items (spaces) add no ink: they stay out of the box.
      if (it.str.trim()) last.box = last.box ? unionBox(last.box, itemBox(it)) : itemBox(it);
    } else {
      cells.push({ text: it.str, x0: it.x, x1: it.x + it.w, y: it.y + it.h / 2, h: it.h, conf: it.conf, ...(it.str.trim() ? { box: itemBox(it) } : {}) });
    }
  }
  for (const c of cells) c.text = c.text.trim();
  const kept = cells.filter((c) => c.text);
  const y = kept.length ? kept.reduce((s, c) => s + c.y, 0) / kept.length : 0;
  return { page, y, h, cells: kept, text: kept.map((c) => c.text).join(' ') };
}

/**
 * Some producers emit one text item for two neighbouring cells ('940.49 一、一般公共服务支出'
 * across the rule between them). Cut it at the space nearest to where the rule crosses it.
 */
function splitAtRules(items: TextItem[], verticals: Rule[]): TextItem[] {
  if (!verticals.length) return items;
  return items.flatMap((it) => {
    const y = it.y + it.h / 2;
    const rule = verticals.find((r) => r.x0 > it.x + 2 && r.x0 < it.x + it.w - 2 && r.y0 <= y && r.y1 >= y);
    if (!rule || !/\s/.test(it.str)) return [it];
    const target = ((rule.x0 - it.x) / it.w) * it.str.length;
    let cut = -1;
    for (let i = 0; i < it.str.length; i++) if (/\s/.test(it.str[i]!) && (cut < 0 || Math.abs(i - target) < Math.abs(cut - target))) cut = i;
    const left = it.str.slice(0, cut).trim();
    const right = it.str.slice(cut + 1).trim();
    if (!left || !right) return [it];
    return [
      { ...it, str: left, w: rule.x0 - it.x - 0.5 },
      { ...it, str: right, x: rule.x0 + 0.5, w: it.x + it.w - rule.x0 - 0.5 },
    ];
  });
}

/** Slack (points) for a rule drawn at a cell's very edge, under the first or last glyph. */
const RULE_EDGE_SLACK = 1;

/** A vertical ruling line between two x positions, crossing height y. */
function ruleBetween(verticals: Rule[], left: number, right: number, y: number): boolean {
  return verticals.some((r) => r.x0 > left - RULE_EDGE_SLACK && r.x0 < right + RULE_EDGE_SLACK && r.y0 <= y && r.y1 >= y);
}

/** A whole amount with its two decimals: nothing more of the same number can follow it. */
const WHOLE_AMOUNT = /^[-−]?\d[\d,]*\.\d{2}$/;

function joinable(last: Cell, it: TextItem, gap: number, h: number, ocr = false): boolean {
  // Two whole amounts touching are two cells whose boxes met (OCR boxes widened by a seal),
  // never one number: joined, they read '2,940.052,336.91' and both cells are lost.
  if (WHOLE_AMOUNT.test(last.text.trim()) && WHOLE_AMOUNT.test(it.str.trim())) return false;
  // OCR: so are an amount with a rule's junk beside it and the next amount ('—49.33—--' '49.33'),
  // and a wrapped label's first line and the amount its box reaches ('社会保障和就业支' '433.90').
  if (ocr && isAmountRun(it.str) && (isAmountRun(last.text) || endsLabel(last.text))) return false;
  // …and an amount and the next panel's label its box reached ('2,984.80' '一般公共服务支出').
  if (ocr && isAmountRun(last.text) && HAN.test(it.str.trim().slice(0, 1))) return false;
  if (gap < TOUCHING_GAP_FRACTION * h) return true;
  const bothNumeric = NUMERIC.test(last.text.trim()) && NUMERIC.test(it.str.trim());
  // Two numbers side by side are two cells unless they are fragments of one spaced-out number.
  if (bothNumeric) return gap < NUMBER_FRAGMENT_GAP_FRACTION * h && /[,.，．]$/.test(last.text.trim());
  return gap < CELL_GAP_FRACTION * h;
}

const HAN = /\p{Script=Han}/u;

/** Join two fragments: no space between Han characters, nor around numbers' separators. */
function joinText(a: string, b: string): string {
  const l = a.slice(-1);
  const r = b.slice(0, 1);
  if (!l || !r) return a + b;
  if (HAN.test(l) || HAN.test(r) || /[,.，．（）()、：:]/.test(l + r)) return a + b;
  if (/\d/.test(l) && /\d/.test(r)) return a + b;
  return `${a} ${b}`;
}

function itemBox(it: TextItem): Box {
  return [it.x, it.y, it.x + it.w, it.y + it.h];
}

/** The smallest box holding both; boxes are rounded to 0.01 pt like the items they come from. */
export function unionBox(a: Box, b: Box): Box {
  const r = (v: number) => Math.round(v * 100) / 100;
  return [r(Math.min(a[0], b[0])), r(Math.min(a[1], b[1])), r(Math.max(a[2], b[2])), r(Math.max(a[3], b[3]))];
}

export function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Page furniture: '- 5 -', '第 5 页', '5/30' lines carry no table content. */
export function isPageNumber(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return /^[-—–]?\d{1,3}[-—–]?$/.test(t) || /^第\d{1,3}页(共\d{1,3}页)?$/.test(t) || /^\d{1,3}\/\d{1,3}$/.test(t);
}

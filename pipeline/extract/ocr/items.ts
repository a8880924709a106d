/**
 * Tesseract TSV (word boxes in pixels) → TextItems in PDF points, shaped like text-layer items:
 * one item per cell fragment. Tesseract makes every Chinese character its own word; runs of
 * them are joined back into one label, never across a removed vertical ruling line.
 */
import type { TextItem } from '../../types.ts';
import type { PixelRule } from './preprocess.ts';
import { joinNumberFragments, repairNumber } from './repair.ts';

/** One word row (level 5) of tesseract's TSV output, in pixels. */
export interface OcrWord {
  /** block/paragraph/line numbers joined: words with the same key are on one text line. */
  line: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** 0–100 as tesseract reports it. */
  conf: number;
  text: string;
}

/**
 * Largest gap between two Chinese characters of one label, as a share of the character height.
 * Tesseract's per-character boxes are loose (gaps of 0.5 h inside words are common); two cells'
 * texts are separated by padding on both sides of a border, ≥ ~1.5 h at table font sizes.
 */
export const HAN_JOIN_GAP_H = 1.2;
/**
 * Largest gap between Chinese and a digit/Latin run of one label ('2024年度', '公开02表'). Tighter
 * than Han–Han because an item code and its name sit in neighbouring cells (gap ≥ ~1.1 h).
 */
export const MIXED_JOIN_GAP_H = 0.6;

/**
 * Words that are only quote marks, ticks or stops: tesseract invents them where a cell border
 * was removed ('“' before a label or a number). Alone they carry nothing a table needs. '、' and
 * '：' are kept: they belong to labels ('八、社会保障和就业支出', '部门：').
 */
const JUNK_WORD = /^[“”"'‘’`´。.·|_~^]+$/;

const HAN = /[\p{Script=Han}\u3000-\u303f\uff08\uff09\uff1a\uff0c\u201c\u201d]/u;
const HAN_ONLY = /^[\p{Script=Han}\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\u201c\u201d]+$/u;

/** Parse tesseract TSV; keeps word rows (level 5) with text. */
export function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f[0] !== '5' || f.length < 12) continue;
    const text = f.slice(11).join('\t').trim();
    if (!text || JUNK_WORD.test(text)) continue;
    words.push({
      line: `${f[2]}.${f[3]}.${f[4]}`,
      left: Number(f[6]),
      top: Number(f[7]),
      width: Number(f[8]),
      height: Number(f[9]),
      conf: Number(f[10]),
      text,
    });
  }
  return words;
}

/**
 * Words → items in PDF points (divide pixels by `pxPerPt`), Chinese runs joined, number
 * fragments joined and repaired. `vrules` are the vertical ruling lines removed from the image.
 */
export function wordsToItems(words: OcrWord[], pxPerPt: number, vrules: PixelRule[] = []): TextItem[] {
  const lines = new Map<string, OcrWord[]>();
  for (const w of words) {
    const l = lines.get(w.line);
    if (l) l.push(w);
    else lines.set(w.line, [w]);
  }
  const items: TextItem[] = [];
  for (const line of lines.values()) {
    line.sort((a, b) => a.left - b.left);
    const groups = groupWords(line, vrules);
    items.push(...groups.map((g) => groupToItem(g, pxPerPt)).map((it) => ({ ...it, str: repairNumber(it.str) })));
  }
  return joinNumberFragments(items);
}

/** Split a text line into runs of words that belong to one cell. */
function groupWords(line: OcrWord[], vrules: PixelRule[]): OcrWord[][] {
  const h = median(line.map((w) => w.height));
  const groups: OcrWord[][] = [];
  for (const w of line) {
    const g = groups[groups.length - 1];
    const prev = g?.[g.length - 1];
    if (g && prev && belongTogether(prev, w, h, vrules)) g.push(w);
    else groups.push([w]);
  }
  return groups;
}

function belongTogether(a: OcrWord, b: OcrWord, h: number, vrules: PixelRule[]): boolean {
  const aHan = HAN_ONLY.test(a.text);
  const bHan = HAN_ONLY.test(b.text);
  if (!aHan && !bHan) return false; // tesseract's own space between Latin/digit words is real
  const gap = b.left - (a.left + a.width);
  const limit = aHan && bHan ? HAN_JOIN_GAP_H : MIXED_JOIN_GAP_H;
  if (gap > limit * h) return false;
  return !crossesRule(a.left + a.width, b.left, Math.min(a.top, b.top), Math.max(a.top + a.height, b.top + b.height), vrules);
}

/** Does a vertical ruling line run between x0 and x1 at the height of [y0, y1]? */
function crossesRule(x0: number, x1: number, y0: number, y1: number, vrules: PixelRule[]): boolean {
  const mid = (y0 + y1) / 2;
  return vrules.some((r) => r.x0 >= x0 - 1 && r.x1 <= x1 + 1 && r.y0 <= mid && r.y1 >= mid);
}

/**
 * One group → one item. Horizontal extent is the union of the boxes; the vertical extent is the
 * median top and bottom, because tesseract's boxes for single Chinese characters are sometimes
 * twice as tall as the glyph.
 */
function groupToItem(g: OcrWord[], pxPerPt: number): TextItem {
  const x0 = Math.min(...g.map((w) => w.left));
  const x1 = Math.max(...g.map((w) => w.left + w.width));
  const top = median(g.map((w) => w.top));
  const bottom = median(g.map((w) => w.top + w.height));
  let str = '';
  for (let i = 0; i < g.length; i++) {
    const cur = g[i]!.text;
    const prev = g[i - 1]?.text;
    // Chinese needs no spaces; keep one between two Latin/digit words that ended up together.
    str += prev !== undefined && !HAN.test(prev.slice(-1)) && !HAN.test(cur[0]!) ? ` ${cur}` : cur;
  }
  const conf = g.reduce((s, w) => s + Math.max(0, w.conf), 0) / g.length / 100;
  return {
    str,
    x: round2(x0 / pxPerPt),
    y: round2(top / pxPerPt),
    w: round2((x1 - x0) / pxPerPt),
    h: round2((bottom - top) / pxPerPt),
    conf: round2(conf),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

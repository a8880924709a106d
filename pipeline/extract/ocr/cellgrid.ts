/**
 * Bordered cells of a scanned table, from the ruling lines that preprocessing removed, and the
 * cells whose page-level reading is not to be trusted.
 *
 * Tesseract reads the page as one block of text lines (PSM 6). In a header whose cells wrap their
 * labels over two lines beside one-line cells ('本年收入合/计' next to '项目'), its text lines run
 * across cell borders at mixed heights: characters of neighbouring cells end up in one word
 * ('事业收经营收附属单'), or a word box spans half the page. Where the ruling grid is known, such
 * a cell is read again on its own (cellread in pool.ts), so each cell yields the lines a text
 * layer would print: the same input the parser gets from born-digital pages.
 */
import type { TextItem } from '../../types.ts';
import { toPgm, type BinaryImage, type PixelRule } from './preprocess.ts';
import { isVertical } from './rules.ts';

/** A cell's box in pixels, interior between its borders (exclusive of the lines). */
export interface CellBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Two rule positions closer than this (pixels) are one cut: a scanned line is 1–4 px thick. */
const CUT_TOLERANCE_PX = 4;
/** A bordered cell larger than this share of the page is the page frame, not a cell. */
const MAX_CELL_PAGE_SHARE = 0.2;
/** An item overlapping a neighbouring cell by more than this share of its height crosses the border. */
const CROSS_OVERLAP_H = 0.5;
/** Two item tops further apart than this share of the item height are two text lines. */
const LINE_STEP_H = 0.6;
/** At most this many cells are read again per page: a garbled page must not cost minutes. */
export const CELLREAD_MAX_PER_PAGE = 60;

const AMOUNT = /^-?[\d,]*\d\.\d{1,2}$/;
const HAN = /\p{Script=Han}/u;

/** Cluster positions (sorted) closer than the tolerance into their mean. */
function cuts(positions: number[]): number[] {
  const s = [...positions].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const p of s) {
    const last = out[out.length - 1];
    if (last && p - last[last.length - 1]! <= CUT_TOLERANCE_PX) last.push(p);
    else out.push([p]);
  }
  return out.map((c) => c.reduce((a, b) => a + b, 0) / c.length);
}

/** Does a rule run along the cut at `at` (its cross-axis), covering the point `along`? */
function covers(rules: PixelRule[], vertical: boolean, at: number, along: number): boolean {
  return rules.some((r) => {
    const mid = vertical ? (r.x0 + r.x1) / 2 : (r.y0 + r.y1) / 2;
    const [a0, a1] = vertical ? [r.y0, r.y1] : [r.x0, r.x1];
    return Math.abs(mid - at) <= CUT_TOLERANCE_PX && a0 - CUT_TOLERANCE_PX <= along && along <= a1 + CUT_TOLERANCE_PX;
  });
}

/**
 * The bordered cells the rules enclose, merged cells included: the atomic cells between
 * consecutive cuts are joined wherever no rule separates them; a joined group that is a full
 * rectangle with a rule on each side is a cell.
 */
export function gridCells(rules: PixelRule[], pageW: number, pageH: number): CellBox[] {
  const vr = rules.filter(isVertical);
  const hr = rules.filter((r) => !isVertical(r));
  const xs = cuts(vr.map((r) => (r.x0 + r.x1) / 2));
  const ys = cuts(hr.map((r) => (r.y0 + r.y1) / 2));
  const nx = xs.length - 1;
  const ny = ys.length - 1;
  if (nx < 1 || ny < 1) return [];
  const parent = Array.from({ length: nx * ny }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const join = (a: number, b: number) => void (parent[find(a)] = find(b));
  for (let j = 0; j < ny; j++) {
    const midY = (ys[j]! + ys[j + 1]!) / 2;
    for (let i = 0; i < nx; i++) {
      const midX = (xs[i]! + xs[i + 1]!) / 2;
      if (i + 1 < nx && !covers(vr, true, xs[i + 1]!, midY)) join(j * nx + i, j * nx + i + 1);
      if (j + 1 < ny && !covers(hr, false, ys[j + 1]!, midX)) join(j * nx + i, (j + 1) * nx + i);
    }
  }
  const groups = new Map<number, number[]>();
  for (let k = 0; k < nx * ny; k++) {
    const g = groups.get(find(k));
    if (g) g.push(k);
    else groups.set(find(k), [k]);
  }
  const out: CellBox[] = [];
  for (const g of groups.values()) {
    const is = g.map((k) => k % nx);
    const js = g.map((k) => Math.floor(k / nx));
    const [i0, i1, j0, j1] = [Math.min(...is), Math.max(...is) + 1, Math.min(...js), Math.max(...js) + 1];
    if ((i1 - i0) * (j1 - j0) !== g.length) continue; // not a rectangle: open space around tables
    const box = { x0: xs[i0]!, y0: ys[j0]!, x1: xs[i1]!, y1: ys[j1]! };
    if (!bordered(box, vr, hr)) continue;
    if ((box.x1 - box.x0) * (box.y1 - box.y0) > MAX_CELL_PAGE_SHARE * pageW * pageH) continue;
    out.push(box);
  }
  return out.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

function bordered(b: CellBox, vr: PixelRule[], hr: PixelRule[]): boolean {
  const my = (b.y0 + b.y1) / 2;
  const mx = (b.x0 + b.x1) / 2;
  return covers(vr, true, b.x0, my) && covers(vr, true, b.x1, my) && covers(hr, false, b.y0, mx) && covers(hr, false, b.y1, mx);
}

/** Items (in points) → pixel boxes. */
function px(it: TextItem, s: number): CellBox {
  return { x0: it.x * s, y0: it.y * s, x1: (it.x + it.w) * s, y1: (it.y + it.h) * s };
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.min(a1, b1) - Math.max(a0, b0);
}

/** A cell to read on its own, and why. */
export interface CellRead {
  cell: CellBox;
  /** A page item ran across the cell's border: the page reading there is wrong whatever it says. */
  crossed: boolean;
  /** Mean confidence of the page items inside the cell (0–1). */
  pageConf: number;
}

/** Han text read below this confidence on the page is worth a second look in its own cell. */
const LOW_CONF = 0.8;

/**
 * Cells worth reading on their own: those an item crosses into from a neighbour (or spans), and
 * label cells whose page reading is doubtful: text on two or more lines (a wrapped header label)
 * or read with low confidence. Cells holding amounts are left to the digits-only re-read.
 * `pxPerPt` converts the items' points to pixels.
 */
export function cellsToReread(cells: CellBox[], items: TextItem[], pxPerPt: number): CellRead[] {
  const crossed = new Set<CellBox>();
  const inCell = new Map<CellBox, TextItem[]>();
  for (const it of items) {
    const b = px(it, pxPerPt);
    const h = b.y1 - b.y0;
    const cy = (b.y0 + b.y1) / 2;
    const hit = cells.filter((c) => c.y0 <= cy && cy <= c.y1 && overlap(b.x0, b.x1, c.x0, c.x1) > CROSS_OVERLAP_H * h);
    if (hit.length > 1) hit.forEach((c) => crossed.add(c));
    const cx = (b.x0 + b.x1) / 2;
    const home = cells.find((c) => c.x0 <= cx && cx <= c.x1 && c.y0 <= cy && cy <= c.y1);
    if (!home) continue;
    const mine = inCell.get(home);
    if (mine) mine.push(it);
    else inCell.set(home, [it]);
  }
  const out: CellRead[] = [];
  for (const cell of new Set([...crossed, ...inCell.keys()])) {
    const its = inCell.get(cell) ?? [];
    if (its.some((it) => AMOUNT.test(it.str))) continue;
    const pageConf = its.length ? its.reduce((s, it) => s + it.conf, 0) / its.length : 0;
    if (crossed.has(cell) || multiLine(its) || its.some((it) => HAN.test(it.str) && it.conf < LOW_CONF)) out.push({ cell, crossed: crossed.has(cell), pageConf });
  }
  return out.sort((a, b) => a.cell.y0 - b.cell.y0 || a.cell.x0 - b.cell.x0).slice(0, CELLREAD_MAX_PER_PAGE);
}

function multiLine(its: TextItem[]): boolean {
  if (its.length < 2) return false;
  const tops = its.map((it) => it.y).sort((a, b) => a - b);
  return tops[tops.length - 1]! - tops[0]! > LINE_STEP_H * Math.min(...its.map((it) => it.h));
}

/**
 * Whether a cell's own reading replaces the page's: always where the page reading crossed the
 * cell's border, else only when tesseract is surer of it (a narrow cell of stacked characters
 * can read worse alone than within its page line).
 */
export function keepCellReading(r: CellRead, cellItems: TextItem[]): boolean {
  if (!cellItems.length) return false;
  if (r.crossed) return true;
  return cellItems.reduce((s, it) => s + it.conf, 0) / cellItems.length > r.pageConf;
}

/**
 * Replace the page-level items of re-read cells by the cells' own readings. An item whose centre
 * lies in a re-read cell, or that crossed into one, goes.
 */
export function replaceCellItems(items: TextItem[], reads: { cell: CellBox; items: TextItem[] }[], pxPerPt: number): TextItem[] {
  const drop = (it: TextItem) => {
    const b = px(it, pxPerPt);
    const cy = (b.y0 + b.y1) / 2;
    const h = b.y1 - b.y0;
    return reads.some(({ cell: c }) => c.y0 <= cy && cy <= c.y1 && overlap(b.x0, b.x1, c.x0, c.x1) > CROSS_OVERLAP_H * h);
  };
  return [...items.filter((it) => !drop(it)), ...reads.flatMap((r) => r.items)];
}

/** White margin around a cell crop, pixels: tesseract finds no text touching the image edge. */
const CROP_MARGIN_PX = 10;
/** Pixels kept clear inside the borders: the blurred edge of a removed line reads as '|' or '1'. */
const CROP_INSET_PX = 2;

/** A cell's interior in pixels, clear of its borders' blurred edges, clipped to the page. */
function interior(bin: BinaryImage, c: CellBox): { x0: number; y0: number; x1: number; y1: number } {
  return {
    x0: Math.max(0, Math.ceil(c.x0) + CROP_INSET_PX),
    y0: Math.max(0, Math.ceil(c.y0) + CROP_INSET_PX),
    x1: Math.min(bin.width, Math.floor(c.x1) - CROP_INSET_PX),
    y1: Math.min(bin.height, Math.floor(c.y1) - CROP_INSET_PX),
  };
}

/** A cell's interior from the cleaned (lines removed) page, with a white margin, as PGM bytes. */
export function cellPgm(bin: BinaryImage, c: CellBox): { pgm: Uint8Array; left: number; top: number } {
  const { x0, y0, x1, y1 } = interior(bin, c);
  const w = Math.max(1, x1 - x0) + 2 * CROP_MARGIN_PX;
  const h = Math.max(1, y1 - y0) + 2 * CROP_MARGIN_PX;
  const crop = new Uint8Array(w * h);
  for (let y = y0; y < y1; y++) crop.set(bin.data.subarray(y * bin.width + x0, y * bin.width + x1), (y - y0 + CROP_MARGIN_PX) * w + CROP_MARGIN_PX);
  return { pgm: toPgm({ width: w, height: h, data: crop }), left: x0 - CROP_MARGIN_PX, top: y0 - CROP_MARGIN_PX };
}

/** Does the cell hold any ink at all? (An empty header cell costs a recognition otherwise.) */
export function hasInk(bin: BinaryImage, c: CellBox): boolean {
  const { x0, y0, x1, y1 } = interior(bin, c);
  for (let y = y0; y < y1; y++) if (bin.data.subarray(y * bin.width + x0, y * bin.width + x1).includes(1)) return true;
  return false;
}

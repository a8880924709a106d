/**
 * Value columns of a table page from where its amounts stand: right-aligned amounts cluster
 * by right edge, so a header or ruled column holding several clusters is split between them,
 * and (OCR) a ruled column holding row labels left of its amounts is split between the two.
 * Used by columns.ts; `riverBorder` places a border where the fewest cells cross.
 */
import { DECIMAL, isMoney } from './cells.ts';
import type { Column } from './columns.ts';
import { median, type Cell, type Line } from './lines.ts';

/** Right edges of value cells this close (in font sizes) are one column: numbers are right-aligned. */
const VALUE_EDGE_TOLERANCE = 1.2;
/** A value column needs this many cells before it may split a header column. */
const VALUE_COLUMN_MIN_CELLS = 3;
/** Amounts right of a column's labels need this many cells to split the labels off (labelBorder). */
const LABELLED_COLUMN_MIN_CELLS = 2;

/**
 * Without rules, a header read badly (OCR merging 年初预算数 全年预算数 决算数 into one cell)
 * yields too few columns. Values are right-aligned in their column, so clusters of value right
 * edges show the real columns: a header column holding several clusters is split between them.
 */
export function splitByValueColumns(cols: Column[], body: Line[]): Column[] {
  // Amounts only: centred '---' cells would make a second edge cluster inside one column.
  const values = body.flatMap((l) => l.cells).filter((c) => isMoney(c.text));
  if (!values.length) return cols;
  const h = median(values.map((c) => c.h));
  const clusters: Cell[][] = [];
  for (const c of [...values].sort((a, b) => a.x1 - b.x1)) {
    const last = clusters[clusters.length - 1];
    if (last && c.x1 - last[last.length - 1]!.x1 <= VALUE_EDGE_TOLERANCE * h) last.push(c);
    else clusters.push([c]);
  }
  const real = clusters.filter((c) => c.length >= VALUE_COLUMN_MIN_CELLS).map(edges);
  const labelled = clusters.filter((c) => c.length >= LABELLED_COLUMN_MIN_CELLS).map(edges);
  const ocr = body.some((l) => l.method === 'ocr');
  const out: Column[] = [];
  for (const col0 of cols) {
    let col = col0;
    const within = (r: Cluster) => (r.x0 + r.x1) / 2 > col.x0 && (r.x0 + r.x1) / 2 < col.x1;
    const inside = real.filter(within);
    // A short panel (B01/B04's income side: two or three amounts) still shows where its labels end.
    const amounts = inside[0] ?? labelled.find(within);
    const labels = ocr && amounts ? labelBorder(col, amounts, body) : null;
    if (labels !== null) {
      out.push({ x0: col.x0, x1: labels, label: '' });
      col = { ...col, x0: labels };
    }
    // Clusters of one column jitter but overlap; separate columns leave a gap between them. The
    // typical edges decide: one OCR box widened over two cells (a seal, a lost rule) must not
    // hide the gap.
    const separate = inside.every((r, i) => i === 0 || r.x0 > inside[i - 1]!.x1 + h * 0.5 || (r.amounts && inside[i - 1]!.amounts && r.midX0 > inside[i - 1]!.midX1));
    if (inside.length < 2 || !separate) {
      out.push(col);
      continue;
    }
    let start = col.x0;
    inside.forEach((r, i) => {
      const end = i === inside.length - 1 ? col.x1 : between(r, inside[i + 1]!);
      out.push({ x0: start, x1: end, label: '' });
      start = end;
    });
  }
  return out;
}

/**
 * An OCR'd column (between the rules a scan kept) that holds row labels left of a cluster of
 * amounts: the rule between the label and amount columns was lost ('合计' and '2,984.80' in one
 * cell). The border goes where the fewest cells cross, between the labels and the amounts.
 * Null when the column holds no such labels.
 */
function labelBorder(col: Column, first: Cluster, body: Line[]): number | null {
  if (!first.amounts) return null;
  const cells = body.flatMap((l) => l.cells).filter((c) => c.x0 >= col.x0 - 1 && c.x1 <= col.x1 + 1);
  const labels = cells.filter((c) => !isMoney(c.text) && /\p{Script=Han}/u.test(c.text) && c.x1 <= first.midX0);
  if (labels.length < VALUE_COLUMN_MIN_CELLS) return null;
  const left: [number, number] = [median(labels.map((c) => c.x0)), median(labels.map((c) => c.x1))];
  return riverBorder((left[1] + first.midX0) / 2, left, [first.midX0, first.midX1], body);
}

/** Share of a cluster's cells that must print decimals or thousands for it to be amounts (not codes or 款/项 segments). */
const AMOUNTS_SHARE = 0.8;

/** A cluster of value cells: its extreme edges, its typical (median) ones, and whether it is amounts. */
interface Cluster {
  x0: number;
  x1: number;
  midX0: number;
  midX1: number;
  amounts: boolean;
}

function edges(c: Cell[]): Cluster {
  const amounts = c.filter((x) => DECIMAL.test(x.text) || x.text.includes(',')).length >= AMOUNTS_SHARE * c.length;
  return { x0: Math.min(...c.map((x) => x.x0)), x1: Math.max(...c.map((x) => x.x1)), midX0: median(c.map((x) => x.x0)), midX1: median(c.map((x) => x.x1)), amounts };
}

/**
 * The border between two value clusters: halfway across the gap their extreme edges leave,
 * unless a widened OCR box closes that gap; then halfway between their typical edges.
 */
function between(left: Cluster, right: Cluster): number {
  const mid = (left.x1 + right.x0) / 2;
  return mid >= left.midX1 && mid <= right.midX0 ? mid : (left.midX1 + right.midX0) / 2;
}

/**
 * Move a guessed border to where the fewest body cells cross it, between the centres of the
 * two header cells: the gap between a code column and its left-aligned names, say, which only
 * the odd cell crosses (OCR gluing a code to its name). The guess stands unless this is better.
 */
export function riverBorder(guess: number, left: [number, number], right: [number, number], body: Line[]): number {
  const lo = (left[0] + left[1]) / 2;
  const hi = (right[0] + right[1]) / 2;
  const cells = body.flatMap((l) => l.cells).filter((c) => c.x1 > lo && c.x0 < hi);
  if (!cells.length) return guess;
  const crossing = (x: number) => cells.filter((c) => c.x0 < x && c.x1 > x).length;
  // Amounts are right-aligned against their column's right border: a border runs right of
  // them, never between an amount and the label to its left.
  const candidates = cells.flatMap((c) => (isMoney(c.text) ? [c.x1 + 0.5] : [c.x0 - 0.5, c.x1 + 0.5])).filter((x) => x > lo && x < hi);
  let best = guess;
  let bestCount = crossing(guess);
  for (const x of candidates) {
    const n = crossing(x);
    if (n < bestCount || (n === bestCount && Math.abs(x - guess) < Math.abs(best - guess))) {
      best = x;
      bestCount = n;
    }
  }
  return best;
}

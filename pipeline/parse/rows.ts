/**
 * Rows of a table page: lines between the same two horizontal ruling lines are one row (exact
 * even for wrapped labels); without rules, a line holding values anchors a row and label-only
 * lines join the nearest anchor. Side-by-side panels are banded each on their own.
 */
import { columnRole } from '../canon.ts';
import type { Box, Rule, TableRow } from '../types.ts';
import { CODE, DECIMAL, ENUMERATOR, isBodyLine, isMoney, TOTAL_LABEL } from './cells.ts';
import { columnOf, type Column } from './columns.ts';
import { clusterBy, covered, RULE_MERGE_DISTANCE } from './geometry.ts';
import { unionBox, type Cell, type Line } from './lines.ts';

/**
 * Without row borders, the wrapped part of a label sits within this many font sizes of its row's
 * line (one text line, ~1.2 em); separate rows of a table are further apart (padding included).
 */
const WRAP_DISTANCE = 1.45;

/** A label printed across two panels is a total: 合计, 小计, 总计, 人员经费合计 (OCR: 司计). */
const SPANNING_TOTAL = /计$|合计|总计|小计/;

/** A horizontal rule must run across this share of the table's width to count as a row border. */
const ROW_RULE_COVERAGE = 0.5;

/**
 * The panel of each cell of a line. A total label centred across panels ('公用经费合计' over
 * the second and third panels of 06) may land in a panel without values while its value sits
 * in the next one: such a label moves to the panel that holds the value.
 */
export function assignPanels(line: Line, cols: Column[], panels: number[][]): Line[] {
  const colOf = line.cells.map((c) => columnOf(cols, c));
  const panelOf = colOf.map((col) => panels.findIndex((p) => p.includes(col)));
  const isValue = (i: number) => columnRole(cols[colOf[i]!]!.label) === 'value' && isMoney(line.cells[i]!.text);
  const hasValue = (p: number) => line.cells.some((_, i) => panelOf[i] === p && isValue(i));
  // A code in a label column is a label, though it looks like a number.
  const hasLabel = (p: number) =>
    line.cells.some((c, i) => panelOf[i] === p && (columnRole(cols[colOf[i]!]!.label) === 'label' || !isMoney(c.text)));
  const cells = [...line.cells];
  // Only totals span panels: any other label beside a value of the next panel is that row's
  // neighbour in its own panel (a wrapped label centred on its row leaves its value's line bare).
  const totalIn = (p: number) => line.cells.some((c, i) => panelOf[i] === p && SPANNING_TOTAL.test(c.text.replace(/\s/g, '')));
  for (let p = 1; p < panels.length; p++) {
    if (!(hasValue(p) && !hasLabel(p) && hasLabel(p - 1) && !hasValue(p - 1) && totalIn(p - 1))) continue;
    // Move the label into the name column (the last label column) of the panel with the value.
    const target = [...panels[p]!].reverse().find((c) => columnRole(cols[c]!.label) === 'label') ?? panels[p]![0]!;
    const { x0, x1 } = cols[target]!;
    panelOf.forEach((q, i) => {
      if (q !== p - 1) return;
      panelOf[i] = p;
      cells[i] = { ...cells[i]!, x0: x0 + 1, x1: Math.min(x1, x0 + 2) };
    });
  }
  return panels.map((_, p) => {
    const mine = cells.filter((_, i) => panelOf[i] === p);
    return { ...line, cells: mine, text: mine.map((c) => c.text).join(' ') };
  });
}


export function groupRows(body: Line[], rules: Rule[], cols: Column[]): Line[][] {
  if (!body.length) return [];
  const borders = rowBorders(body, rules, cols);
  if (borders.length >= 2) {
    const bands = joinMergedCells(bandRows(body, borders), borders, rules);
    // Borders missed by the drawing (or by OCR line detection) merge rows: two lines with a
    // value in the same column cannot be one row, so fall back to reading rows from the lines.
    if (!bands.some((b) => hasColumnClash(b, cols))) return splitUnwrapped(bands, body, cols);
  }
  return splitUnwrapped(anchorRows(body, cols), body, cols);
}

/** A label line ending this many font sizes short of its column's longest labels did not wrap. */
const UNWRAPPED_SLACK = 2;
/** Which of a column's label ends counts as its reach (the longest labels, an outlier or two aside). */
const REACH_QUANTILE = 0.9;

/**
 * OCR'd rows whose border a faint scan lost: two labels in one row ('本年收入合计' over
 * '使用非财政拨款结余（含专用结余）'), keyed then by the wrong one. A label wraps only when it
 * fills its cell: a label line ending well short of the column's longest label is a whole label,
 * and a label on the next line of the same group starts a row of its own.
 */
function splitUnwrapped(groups: Line[][], body: Line[], cols: Column[]): Line[][] {
  if (!body.some((l) => l.method === 'ocr')) return groups;
  const nameCell = (l: Line) => l.cells.map((c) => ({ c, col: columnOf(cols, c) })).find(({ c, col }) => columnRole(cols[col]!.label) === 'label' && /\p{Script=Han}/u.test(c.text));
  const ends = new Map<number, number[]>();
  for (const l of body) {
    const n = nameCell(l);
    if (n) ends.set(n.col, [...(ends.get(n.col) ?? []), n.c.x1]);
  }
  // The longest labels reach the cell's right side; one label run into the next cell (a box
  // widened over an amount) must not set the reach.
  const reach = new Map([...ends].map(([col, xs]) => [col, xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) * REACH_QUANTILE)]!]));
  return groups.flatMap((g) => {
    const out: Line[][] = [];
    let prev: { c: Cell; col: number } | undefined;
    for (const l of [...g].sort((a, b) => a.y - b.y)) {
      const n = nameCell(l);
      const whole = prev && n && n.col === prev.col && prev.c.x1 < reach.get(prev.col)! - UNWRAPPED_SLACK * prev.c.h;
      if (!out.length || whole) out.push([l]);
      else out[out.length - 1]!.push(l);
      if (n) prev = n;
    }
    return out;
  });
}

function hasColumnClash(lines: Line[], cols: Column[]): boolean {
  const used = new Set<number>();
  for (const l of lines) {
    const mine = new Set(l.cells.filter((c) => columnRole(cols[columnOf(cols, c)]!.label) !== 'label').map((c) => columnOf(cols, c)));
    for (const c of mine) if (used.has(c)) return true;
    for (const c of mine) used.add(c);
  }
  return false;
}

/** y of horizontal rules that run across most of the table: the row borders. */
export function rowBorders(lines: Line[], rules: Rule[], cols?: Column[]): number[] {
  const cells = lines.flatMap((l) => l.cells);
  if (!cells.length) return [];
  let left = Math.min(...cells.map((c) => c.x0));
  let right = Math.max(...cells.map((c) => c.x1));
  if (cols && Number.isFinite(cols[0]!.x0) && Number.isFinite(cols[cols.length - 1]!.x1)) {
    left = cols[0]!.x0;
    right = cols[cols.length - 1]!.x1;
  }
  const width = right - left;
  if (width <= 0) return [];
  const top = Math.min(...lines.map((l) => l.y - l.h));
  const bottom = Math.max(...lines.map((l) => l.y + l.h));
  const horizontals = rules.filter((r) => r.y0 === r.y1 && r.y0 > top - 30 && r.y0 < bottom + 30);
  return clusterBy(horizontals, (r) => r.y0)
    .filter((c) => covered(c.items.map((r) => [Math.max(r.x0, left), Math.min(r.x1, right)])) >= ROW_RULE_COVERAGE * width)
    .map((c) => c.at)
    .sort((a, b) => a - b);
}

/**
 * Columns can have rows of different heights: a label wrapped over two ruled cells beside one
 * amount whose cell spans both ('三、单位预留机动经' / '费' | 3,990.40). A band holding only
 * label text whose upper border does not run under the amounts of the band above is the lower
 * part of that row; a blank row of a fully ruled table has its border under the amounts too.
 */
function joinMergedCells(bands: Line[][], borders: number[], rules: Rule[]): Line[][] {
  const out: Line[][] = [];
  for (const band of bands) {
    const prev = out[out.length - 1];
    const top = Math.min(...band.map((l) => l.y));
    const border = borders.filter((b) => b <= top).pop();
    const labelOnly = band.every((l) => l.cells.every((c) => !isMoney(c.text)));
    const amountsAbove = (prev ?? []).flatMap((l) => l.cells).filter((c) => isMoney(c.text) && DECIMAL.test(c.text));
    const underlined = (x: number) => rules.some((r) => r.y0 === r.y1 && Math.abs(r.y0 - border!) <= RULE_MERGE_DISTANCE && r.x0 <= x && r.x1 >= x);
    const open = border !== undefined && amountsAbove.length > 0 && amountsAbove.every((c) => !underlined((c.x0 + c.x1) / 2));
    if (prev && labelOnly && open) prev.push(...band);
    else out.push(band);
  }
  return out;
}

/** Lines between the same two row borders are one row. */
function bandRows(body: Line[], borders: number[]): Line[][] {
  const bands = new Map<number, Line[]>();
  for (const l of body) {
    const band = borders.filter((b) => b <= l.y).length;
    const list = bands.get(band) ?? [];
    list.push(l);
    bands.set(band, list);
  }
  return [...bands.entries()].sort((a, b) => a[0] - b[0]).map(([, ls]) => ls);
}

/**
 * Without row borders: a line with values or a row label of its own anchors a row; a line
 * holding only a label fragment belongs to the nearest anchor (the wrapped part of its label).
 */
function anchorRows(body: Line[], cols: Column[]): Line[][] {
  const anchors: Line[][] = [];
  const hasValue = (l: Line) => l.cells.some((c) => columnRole(cols[columnOf(cols, c)]!.label) !== 'label');
  const isAnchor = (l: Line) => isBodyLine(l) || hasValue(l);
  const fragments: Line[] = [];
  for (const l of body) (isAnchor(l) ? anchors.push([l]) : fragments.push(l));
  if (!anchors.length) return fragments.map((f) => [f]);
  for (const f of fragments) {
    let best = anchors[0]!;
    let bestDist = Infinity;
    for (const a of anchors) {
      // Ties go to the row above: a wrapped label continues downwards.
      const d = Math.abs(a[0]!.y - f.y) + (a[0]!.y > f.y ? 0.01 : 0);
      if (d < bestDist) {
        bestDist = d;
        best = a;
      }
    }
    // Too far to be the wrapped part of a label: a row of its own (a template row left blank).
    if (bestDist > WRAP_DISTANCE * f.h) anchors.push([f]);
    else best.push(f);
  }
  const rows = anchors.map((ls) => ls.sort((a, b) => a.y - b.y)).sort((a, b) => a[0]!.y - b[0]!.y);
  return mergeWrappedStarts(rows, hasValue);
}

/**
 * '一、一般公共预算财政拨' (a row start, no values) directly above '款 940.49' (values, a label
 * that starts no row): one wrapped row whose values sit on its second line.
 */
function mergeWrappedStarts(rows: Line[][], hasValue: (l: Line) => boolean): Line[][] {
  const out: Line[][] = [];
  for (const row of rows) {
    const prev = out[out.length - 1];
    const first = row[0]!;
    const label = first.cells[0]?.text.replace(/\s/g, '') ?? '';
    const continues = (!ENUMERATOR.test(label) && !CODE.test(label) && !TOTAL_LABEL.test(label) && /^\p{Script=Han}/u.test(label)) || (isMoney(label) && (DECIMAL.test(label) || label.includes(',')));
    if (prev && !prev.some(hasValue) && row.some(hasValue) && continues && first.y - prev[prev.length - 1]!.y <= WRAP_DISTANCE * first.h) {
      prev.push(...row);
    } else out.push(row);
  }
  return out;
}

export function toRow(lines: Line[], cols: Column[]): TableRow {
  const texts: string[][] = cols.map(() => []);
  const confs: number[] = cols.map(() => 1);
  const boxes: (Box | null)[] = cols.map(() => null);
  const ordered = [...lines].sort((a, b) => a.y - b.y);
  // The row's page is where its values are (a wrapped label may start on the line above).
  const valueLine = ordered.find((l) => l.cells.some((c) => isMoney(c.text))) ?? ordered[0]!;
  for (const line of ordered) {
    for (const cell of line.cells) {
      const i = line.grid ? Math.round(cell.x0 / 100) : columnOf(cols, cell);
      if (i >= cols.length) continue;
      texts[i]!.push(cell.text);
      confs[i] = Math.min(confs[i]!, cell.conf);
      // Boxes are on the row's page; a label part wrapped onto another page has none there.
      if (cell.box && line.page === valueLine.page) boxes[i] = boxes[i] ? unionBox(boxes[i]!, cell.box) : cell.box;
    }
  }
  const cells = texts.map((parts) => joinParts(parts));
  const method = ordered.some((l) => l.method === 'ocr') ? 'ocr' : 'text';
  const row: TableRow = { page: valueLine.page, cells, method, confidence: Math.min(...confs), cell_conf: confs };
  if (boxes.some((b) => b !== null)) row.boxes = boxes;
  return row;
}

/** Wrapped Han text joins directly; two numbers in one cell stay apart so the parser sees them. */
function joinParts(parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (!out) out = p;
    else if (/\d$/.test(out) && /^\d/.test(p)) out = `${out} ${p}`;
    else out += p;
  }
  return out;
}

